import type { RouteHandler } from '@hono/zod-openapi';
import { putScimTarget as storeScimTarget } from '../../../admin/index.js';
import { getScimTarget as findScimTarget } from '../../../db/queries/scim-targets.js';
import { adminCallerOf, adminDepsOf } from '../../admin-context.js';
import type { AppEnv } from '../../app-env.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { getScimTarget, putScimTarget } from './scim-target.routes.js';

export const get: RouteHandler<typeof getScimTarget, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const row = await findScimTarget(deps.db, tenant_id);
  if (row) {
    const token = await deps.secrets.get(row.secretPath);
    return c.json(
      { source: 'tenant' as const, baseUrl: row.baseUrl, dialect: row.dialect, tokenConfigured: token !== undefined, updatedAt: iso(row.updatedAt) },
      200,
    );
  }
  const fallback = deps.settings.scimDefaultBaseUrl;
  // The tenant exists, so its SCIM target does too, as a setting: here, none (syncs fail until one is set).
  if (!fallback) return c.json({ source: 'none' as const, baseUrl: null, dialect: {}, updatedAt: null }, 200);
  return c.json({ source: 'default' as const, baseUrl: fallback.replaceAll('{tenantId}', tenant_id), dialect: {}, updatedAt: null }, 200);
};

export const put: RouteHandler<typeof putScimTarget, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  const { row, settled } = await storeScimTarget(adminDepsOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, c.req.valid('json'));
  return c.json(
    {
      source: 'tenant' as const,
      baseUrl: row.baseUrl,
      dialect: row.dialect,
      tokenConfigured: true,
      updatedAt: iso(row.updatedAt),
      ...(settled ? { settled } : {}),
    },
    200,
  );
};
