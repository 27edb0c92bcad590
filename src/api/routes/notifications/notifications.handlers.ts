import type { RouteHandler } from '@hono/zod-openapi';
import {
  createNotificationEndpoint as createEndpoint,
  deleteNotificationEndpoint as removeEndpoint,
  requireNotificationEndpoint,
  updateNotificationEndpoint as changeEndpoint,
} from '../../../admin/index.js';
import { listNotificationEndpoints as findEndpoints, type NotificationEndpointRow } from '../../../db/queries/notification-endpoints.js';
import { adminCallerOf, adminDepsOf } from '../../admin-context.js';
import type { AppEnv } from '../../app-env.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type {
  createNotificationEndpoint,
  deleteNotificationEndpoint,
  getNotificationEndpoint,
  listNotificationEndpoints,
  updateNotificationEndpoint,
} from './notifications.routes.js';

export const list: RouteHandler<typeof listNotificationEndpoints, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  return c.json({ items: (await findEndpoints(deps.db, tenant_id)).map(endpointView) }, 200);
};

export const get: RouteHandler<typeof getNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  return c.json(endpointView(await requireNotificationEndpoint(c.get('deps'), tenant_id, notification_id)), 200);
};

export const create: RouteHandler<typeof createNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  const row = await createEndpoint(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, c.req.valid('json'));
  return c.json(endpointView(row), 201);
};

export const update: RouteHandler<typeof updateNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  const deps = c.get('deps');
  const row = await changeEndpoint(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, notification_id, c.req.valid('json'));
  return c.json(endpointView(row), 200);
};

export const remove: RouteHandler<typeof deleteNotificationEndpoint, AppEnv> = async (c) => {
  const { tenant_id, notification_id } = c.req.valid('param');
  const deps = c.get('deps');
  await removeEndpoint(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, notification_id);
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
