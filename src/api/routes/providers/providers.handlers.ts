import type { RouteHandler } from '@hono/zod-openapi';
import { createProvider, deleteProvider, updateProvider } from '../../../admin/index.js';
import { listProviders as findProviders } from '../../../db/queries/providers.js';
import { adminCallerOf, adminDepsOf } from '../../admin-context.js';
import type { AppEnv } from '../../app-env.js';
import { requireProvider, requireTenant } from '../../lookups.js';
import { providerView } from './providers.view.js';
import type {
  createProvider as createRoute,
  deleteProvider as deleteRoute,
  getProvider,
  listProviders,
  updateProvider as updateRoute,
} from './providers.routes.js';

export const list: RouteHandler<typeof listProviders, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const rows = await findProviders(deps.db, tenant_id);
  return c.json({ items: await Promise.all(rows.map((row) => providerView(deps, row))) }, 200);
};

export const get: RouteHandler<typeof getProvider, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const deps = c.get('deps');
  return c.json(await providerView(deps, await requireProvider(deps.db, tenant_id, provider_id)), 200);
};

export const create: RouteHandler<typeof createRoute, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  const row = await createProvider(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, c.req.valid('json'));
  return c.json(await providerView(deps, row), 201);
};

export const update: RouteHandler<typeof updateRoute, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const deps = c.get('deps');
  const row = await updateProvider(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, provider_id, c.req.valid('json'));
  return c.json(await providerView(deps, row), 200);
};

export const remove: RouteHandler<typeof deleteRoute, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const deps = c.get('deps');
  await deleteProvider(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, provider_id);
  return c.body(null, 204);
};
