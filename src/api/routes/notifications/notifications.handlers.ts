import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import {
  deleteNotificationEndpoint as removeEndpoint,
  getNotificationEndpoint as findEndpoint,
  insertNotificationEndpoint,
  listNotificationEndpoints as findEndpoints,
  updateNotificationEndpoint as changeEndpoint,
  type NotificationEndpointRow,
} from '../../../db/queries/notification-endpoints.js';
import { notificationUrlProblem } from '../../../notifications/endpoint-url.js';
import { notificationSecretPath } from '../../../notifications/signature.js';
import { adminCallerOf } from '../../admin-context.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { createNotificationEndpoint, deleteNotificationEndpoint, getNotificationEndpoint, listNotificationEndpoints, updateNotificationEndpoint } from './notifications.routes.js';

export const list: RouteHandler<typeof listNotificationEndpoints, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  return c.json({ items: (await findEndpoints(deps.db, tenant_id)).map(endpointView) }, 200);
};

export const get: RouteHandler<typeof getNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  return c.json(endpointView(await requireEndpoint(c.get('deps').db, tenant_id, notification_id)), 200);
};

/** The secret is stored first; a row that then fails to insert takes it away again. */
export const create: RouteHandler<typeof createNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const principal = c.get('principal');
  await requireTenant(deps.db, tenant_id);
  checkUrl(body.url, adminCallerOf(principal, deps).allowPrivateAddresses);
  const id = randomUUID();
  const secretPath = notificationSecretPath(tenant_id, id);
  await deps.secrets.put(secretPath, { secret: body.secret });
  try {
    const row = await deps.db.transaction(async (tx) => {
      const inserted = await insertNotificationEndpoint(tx, { id, tenantId: tenant_id, url: body.url, events: body.events ?? [], enabled: body.enabled ?? true, description: body.description ?? null, secretPath });
      await recordAudit(tx, apiAudit(principal, tenant_id, 'notification_endpoint.create', { type: 'notification_endpoint', id }, 'success', { origin: originOf(body.url), events: inserted.events }));
      return inserted;
    });
    return c.json(endpointView(row), 201);
  } catch (error) {
    await deps.secrets.delete(secretPath).catch(() => {});
    throw error;
  }
};

/**
 * A new origin needs the secret again: a signature made with the old secret would otherwise
 * vouch for events at a receiver that whoever changed the URL controls.
 */
export const update: RouteHandler<typeof updateNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const principal = c.get('principal');
  const existing = await requireEndpoint(deps.db, tenant_id, notification_id);
  if (body.url !== undefined) {
    checkUrl(body.url, adminCallerOf(principal, deps).allowPrivateAddresses);
    if (originOf(body.url) !== originOf(existing.url) && !body.secret) throw badField('body.secret', 'required when the URL moves to another origin');
  }
  if (body.secret) await deps.secrets.rotate(existing.secretPath, { secret: body.secret });
  const row = await deps.db.transaction(async (tx) => {
    const changed = await changeEndpoint(tx, tenant_id, notification_id, {
      ...(body.url !== undefined ? { url: body.url } : {}),
      ...(body.events !== undefined ? { events: body.events } : {}),
      ...(body.enabled !== undefined ? { enabled: body.enabled } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
    });
    await recordAudit(
      tx,
      apiAudit(principal, tenant_id, 'notification_endpoint.update', { type: 'notification_endpoint', id: notification_id }, 'success', {
        changed: Object.keys(body).filter((key) => key !== 'secret'),
        secretRotated: Boolean(body.secret),
      }),
    );
    return changed;
  });
  if (!row) throw notFound(tenant_id, notification_id);
  return c.json(endpointView(row), 200);
};

export const remove: RouteHandler<typeof deleteNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  const deps = c.get('deps');
  const principal = c.get('principal');
  const removed = await deps.db.transaction(async (tx) => {
    const row = await removeEndpoint(tx, tenant_id, notification_id);
    if (row) await recordAudit(tx, apiAudit(principal, tenant_id, 'notification_endpoint.delete', { type: 'notification_endpoint', id: notification_id }));
    return row;
  });
  if (!removed) throw notFound(tenant_id, notification_id);
  await deps.secrets.delete(removed.secretPath);
  return c.body(null, 204);
};

function endpointView(row: NotificationEndpointRow) {
  return {
    id: row.id,
    tenantId: row.tenantId,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    description: row.description,
    lastDeliveryAt: iso(row.lastDeliveryAt),
    lastDeliveryResult: row.lastDeliveryResult,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

async function requireEndpoint(db: AppEnv['Variables']['deps']['db'], tenantId: string, id: string): Promise<NotificationEndpointRow> {
  const row = await findEndpoint(db, tenantId, id);
  if (!row) throw notFound(tenantId, id);
  return row;
}

function checkUrl(url: string, allowPrivateAddresses: boolean): void {
  const problem = notificationUrlProblem(url, allowPrivateAddresses);
  if (problem) throw badField('body.url', problem);
}

function badField(field: string, message: string): ApiError {
  return new ApiError(400, 'validation_failed', `invalid body: ${field}`, { fields: [{ field, message }] });
}

function notFound(tenantId: string, id: string): ApiError {
  return new ApiError(404, 'notification_endpoint_not_found', `tenant "${tenantId}" has no notification endpoint ${id}`);
}

function originOf(url: string): string {
  return new URL(url).origin;
}
