import { randomUUID } from 'node:crypto';
import { recordAudit } from '../db/queries/audit-log.js';
import {
  deleteNotificationEndpoint as removeRow,
  getNotificationEndpoint as findRow,
  insertNotificationEndpoint as insertRow,
  updateNotificationEndpoint as changeRow,
  type NotificationEndpointRow,
} from '../db/queries/notification-endpoints.js';
import { getTenant } from '../db/queries/tenants.js';
import { notificationUrlProblem } from '../notifications/endpoint-url.js';
import { notificationSecretPath } from '../notifications/signature.js';
import { AdminError } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { allOrNothing } from './all-or-nothing.js';
import { restoreSecret } from './secret-snapshot.js';

/** An endpoint's state lives in two stores: the signing secret in `secrets`, the row in `db`. */
export type NotificationAdminDeps = Pick<AdminDeps, 'db' | 'secrets' | 'logger'>;

export interface CreateNotificationEndpointInput {
  url: string;
  secret: string;
  /** Empty = every event type. */
  events?: NotificationEndpointRow['events'];
  enabled?: boolean;
  description?: string | null;
}

export type UpdateNotificationEndpointInput = Partial<CreateNotificationEndpointInput>;

const TARGET_TYPE = 'notification_endpoint';

/** Adds an endpoint: the secret first, then the row with its audit entry; a failed row takes the secret away again. */
export async function createNotificationEndpoint(
  deps: NotificationAdminDeps,
  caller: AdminCaller,
  tenantId: string,
  input: CreateNotificationEndpointInput,
): Promise<NotificationEndpointRow> {
  if (!(await getTenant(deps.db, tenantId))) throw new AdminError('not_found', 'tenant_not_found', `no tenant "${tenantId}"`);
  checkUrl(input.url, caller);
  const id = randomUUID();
  const secretPath = notificationSecretPath(tenantId, id);
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'notification_endpoint.create', { type: TARGET_TYPE, id }, 'failure', details);
  return allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
    await log.step(
      'secret',
      () => deps.secrets.put(secretPath, { secret: input.secret }),
      () => deps.secrets.delete(secretPath),
    );
    return log.step('database', () =>
      deps.db.transaction(async (tx) => {
        const row = await insertRow(tx, {
          id,
          tenantId,
          url: input.url,
          events: input.events ?? [],
          enabled: input.enabled ?? true,
          description: input.description ?? null,
          secretPath,
        });
        await recordAudit(
          tx,
          adminAudit(caller, tenantId, 'notification_endpoint.create', { type: TARGET_TYPE, id }, 'success', {
            origin: originOf(input.url),
            events: row.events,
          }),
        );
        return row;
      }),
    );
  });
}

/**
 * Changes an endpoint. A new origin needs the secret again: a signature made with the old secret
 * would otherwise vouch for events at a receiver that whoever changed the URL controls. A
 * rotated secret is put back when the row cannot be changed.
 */
export async function updateNotificationEndpoint(
  deps: NotificationAdminDeps,
  caller: AdminCaller,
  tenantId: string,
  endpointId: string,
  input: UpdateNotificationEndpointInput,
): Promise<NotificationEndpointRow> {
  const existing = await requireNotificationEndpoint(deps, tenantId, endpointId);
  if (input.url !== undefined) {
    checkUrl(input.url, caller);
    if (originOf(input.url) !== originOf(existing.url) && !input.secret) throw secretRequiredForNewOrigin();
  }
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'notification_endpoint.update', { type: TARGET_TYPE, id: endpointId }, 'failure', details);
  return allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
    const secret = input.secret;
    if (secret) {
      const previous = await log.step('secret', () => deps.secrets.get(existing.secretPath));
      await log.step(
        'secret',
        () => deps.secrets.rotate(existing.secretPath, { secret }),
        () => restoreSecret(deps.secrets, existing.secretPath, previous),
      );
    }
    return log.step('database', () =>
      deps.db.transaction(async (tx) => {
        const row = await changeRow(tx, tenantId, endpointId, {
          ...(input.url !== undefined ? { url: input.url } : {}),
          ...(input.events !== undefined ? { events: input.events } : {}),
          ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
          ...(input.description !== undefined ? { description: input.description } : {}),
        });
        // Removed since it was read: nothing to audit, and the rotated secret goes back.
        if (!row) throw notFound(tenantId, endpointId);
        const changed = Object.keys(input).filter((key) => key !== 'secret');
        await recordAudit(
          tx,
          adminAudit(caller, tenantId, 'notification_endpoint.update', { type: TARGET_TYPE, id: endpointId }, 'success', {
            changed,
            secretRotated: Boolean(secret),
          }),
        );
        return row;
      }),
    );
  });
}

/** Removes an endpoint: its secret, then the row with its audit entry; a failed row delete restores the secret. */
export async function deleteNotificationEndpoint(deps: NotificationAdminDeps, caller: AdminCaller, tenantId: string, endpointId: string): Promise<void> {
  const existing = await requireNotificationEndpoint(deps, tenantId, endpointId);
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'notification_endpoint.delete', { type: TARGET_TYPE, id: endpointId }, 'failure', details);
  await allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
    const previous = await log.step('secret', () => deps.secrets.get(existing.secretPath));
    await log.step(
      'secret',
      () => deps.secrets.delete(existing.secretPath),
      () => restoreSecret(deps.secrets, existing.secretPath, previous),
    );
    await log.step('database', () =>
      deps.db.transaction(async (tx) => {
        if (!(await removeRow(tx, tenantId, endpointId))) throw notFound(tenantId, endpointId);
        await recordAudit(tx, adminAudit(caller, tenantId, 'notification_endpoint.delete', { type: TARGET_TYPE, id: endpointId }, 'success'));
      }),
    );
  });
}

/** The endpoint row, or a not-found refusal. */
export async function requireNotificationEndpoint(
  deps: Pick<NotificationAdminDeps, 'db'>,
  tenantId: string,
  endpointId: string,
): Promise<NotificationEndpointRow> {
  const row = await findRow(deps.db, tenantId, endpointId);
  if (!row) throw notFound(tenantId, endpointId);
  return row;
}

/** Receivers on private addresses only for callers the outbound policy lets name them. */
function checkUrl(url: string, caller: AdminCaller): void {
  const problem = notificationUrlProblem(url, caller.allowPrivateAddresses);
  if (problem) throw badField('body.url', problem);
}

/** The 400 names the field and says only what is wrong with it. */
function badField(field: string, problem: string): AdminError {
  return new AdminError('invalid', 'validation_failed', problem, field);
}

/**
 * A 409, not a 400: the body is valid on its own and is refused only because of the stored
 * endpoint's origin (a signature made with the old secret must never vouch for events at a
 * receiver whoever changed the URL controls).
 */
function secretRequiredForNewOrigin(): AdminError {
  const message = 'required when the URL moves to another origin';
  return new AdminError('conflict', 'secret_required', `body.secret ${message}`, 'body.secret', { fields: [{ field: 'body.secret', message }] });
}

function notFound(tenantId: string, endpointId: string): AdminError {
  return new AdminError('not_found', 'notification_endpoint_not_found', `tenant "${tenantId}" has no notification endpoint ${endpointId}`);
}

function originOf(url: string): string {
  return new URL(url).origin;
}
