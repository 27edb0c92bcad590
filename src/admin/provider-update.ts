import { recordAudit } from '../db/queries/audit-log.js';
import { sqlStateOf, UNIQUE_VIOLATION } from '../db/sql-state.js';
import { getProvider, getProviderByName, updateProvider as writeProvider, type ProviderChanges, type ProviderRow } from '../db/queries/providers.js';
import { sameOrigin } from '../domain/base-url.js';
import { providerWebhookSecretPath } from '../secrets/secret-store.js';
import type { SyncScheduleSpec } from '../temporal/schedules.js';
import { AdminError, invalidField } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { allOrNothing } from './all-or-nothing.js';
import { checkSisConnection } from './provider-checks.js';
import { providerNameTaken } from './provider-create.js';
import { sisConnectionFor, type UpdateProviderInput } from './provider-input.js';
import { restoreSecret } from './secret-snapshot.js';

/**
 * Changes a provider (PUT semantics: omitted fields keep their value). New credentials or a new
 * connection are checked against the SIS before anything is written. Stored credentials are
 * only ever sent to the origin they were entered for: moving the connection to another origin
 * needs the credentials in the same request. Then, all-or-nothing: credentials, webhook
 * secret, schedule, and last the row with its audit entry; a failure puts back the earlier
 * values (secrets as they were, the schedule as Temporal held it).
 */
export async function updateProvider(
  deps: AdminDeps,
  caller: AdminCaller,
  tenantId: string,
  providerId: string,
  input: UpdateProviderInput,
): Promise<ProviderRow> {
  const existing = await requireProvider(deps, tenantId, providerId);
  const renamedTo = input.name !== undefined && input.name !== existing.name ? input.name : undefined;
  if (renamedTo && (await getProviderByName(deps.db, tenantId, renamedTo))) throw providerNameTaken(renamedTo);

  const connection = input.connection ?? existing.connection;
  const connectionChanged = input.connection !== undefined && JSON.stringify(input.connection) !== JSON.stringify(existing.connection);
  if (connectionChanged && !input.credentials && !sameOrigin(connection.baseUrl, existing.connection.baseUrl)) {
    throw invalidField(
      'body.credentials',
      'must be sent again: the connection moves to another origin, and stored credentials are only sent to the origin they were entered for',
      'credentials_required',
    );
  }
  if (input.credentials || connectionChanged) {
    const credentials = input.credentials ?? (await deps.secrets.get(existing.secretPath));
    if (!credentials) throw invalidField('body.credentials', 'are required: none are stored for this provider', 'credentials_required');
    await checkSisConnection(deps, caller, sisConnectionFor(existing.kind, connection.baseUrl, credentials), {
      tenantId,
      action: 'provider.update',
      targetId: providerId,
    });
  }

  const webhookPath = providerWebhookSecretPath(tenantId, providerId);
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'provider.update', { type: 'provider', id: providerId }, 'failure', details);
  try {
    return await allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
      const credentials = input.credentials;
      if (credentials) {
        const previous = await log.step('secrets', () => deps.secrets.get(existing.secretPath));
        await log.step(
          'secrets',
          () => deps.secrets.rotate(existing.secretPath, credentials),
          () => restoreSecret(deps.secrets, existing.secretPath, previous),
        );
      }
      const webhookSecret = input.webhook?.secret;
      if (webhookSecret !== undefined) {
        const previous = await log.step('webhook_secret', () => deps.secrets.get(webhookPath));
        await log.step(
          'webhook_secret',
          () => (webhookSecret === null ? deps.secrets.delete(webhookPath) : deps.secrets.rotate(webhookPath, { secret: webhookSecret })),
          () => restoreSecret(deps.secrets, webhookPath, previous),
        );
      }

      // Temporal owns the interval: an update that does not set it keeps the schedule's own value.
      const current = await log.step('schedule', () => deps.schedules.describe(tenantId, providerId));
      const enabled = input.enabled ?? existing.enabled;
      const intervalSeconds = input.scheduleIntervalSeconds ?? current?.intervalSeconds ?? existing.scheduleIntervalSeconds;
      const spec: SyncScheduleSpec = { tenantId, providerId, providerKind: existing.kind, intervalSeconds, paused: !enabled, taskQueue: deps.taskQueue };
      // updateSyncSchedule recreates a schedule that went missing; undo puts back what was there, or nothing.
      const previousSpec = current
        ? { ...spec, intervalSeconds: current.intervalSeconds ?? existing.scheduleIntervalSeconds, paused: current.paused }
        : undefined;
      await log.step(
        'schedule',
        () => deps.schedules.update(spec),
        () => (previousSpec ? deps.schedules.update(previousSpec) : deps.schedules.delete(tenantId, providerId)),
      );

      return log.step('database', () =>
        deps.db.transaction(async (tx) => {
          const updated = await writeProvider(tx, tenantId, providerId, providerChanges(existing, input, enabled, intervalSeconds));
          if (!updated) throw new AdminError('not_found', 'provider_not_found', `provider ${providerId} was deleted meanwhile`);
          await recordAudit(
            tx,
            adminAudit(caller, tenantId, 'provider.update', { type: 'provider', id: providerId }, 'success', {
              changed: changedFields(input),
              credentialsRotated: Boolean(input.credentials),
            }),
          );
          return updated;
        }),
      );
    });
  } catch (error) {
    throw sqlStateOf(error) === UNIQUE_VIOLATION ? providerNameTaken(renamedTo ?? existing.name) : error;
  }
}

export async function requireProvider(deps: AdminDeps, tenantId: string, providerId: string): Promise<ProviderRow> {
  const row = await getProvider(deps.db, tenantId, providerId);
  if (!row) throw new AdminError('not_found', 'provider_not_found', `tenant "${tenantId}" has no provider ${providerId}`);
  return row;
}

function providerChanges(existing: ProviderRow, input: UpdateProviderInput, enabled: boolean, intervalSeconds: number): ProviderChanges {
  const changes: ProviderChanges = { enabled, scheduleIntervalSeconds: intervalSeconds };
  if (input.name !== undefined) changes.name = input.name;
  if (input.connection) changes.connection = input.connection;
  if (input.mapping) changes.mapping = input.mapping;
  if (input.webhook) {
    changes.webhook = {
      ipAllowlist: input.webhook.ipAllowlist ?? existing.webhook.ipAllowlist ?? [],
      trustProxy: input.webhook.trustProxy ?? existing.webhook.trustProxy ?? false,
    };
  }
  return changes;
}

/** Field names only: the audit log never holds credential values. */
function changedFields(input: UpdateProviderInput): string[] {
  const changed = Object.entries(input)
    .filter(([key, value]) => value !== undefined && key !== 'credentials' && key !== 'webhook')
    .map(([key]) => key);
  if (input.webhook)
    changed.push(
      ...Object.entries(input.webhook)
        .filter(([, value]) => value !== undefined)
        .map(([key]) => `webhook.${key}`),
    );
  return changed;
}
