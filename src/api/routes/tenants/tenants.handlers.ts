import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { createTenant as insertTenant, listTenants as findTenants, updateTenant as changeTenant, type TenantRow } from '../../../db/queries/tenants.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { createTenant, getTenant, listTenants, updateTenant } from './tenants.routes.js';

function tenantView(row: TenantRow) {
  return { id: row.id, name: row.name, settings: row.settings, createdAt: iso(row.createdAt), updatedAt: iso(row.updatedAt) };
}

export const create: RouteHandler<typeof createTenant, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const { db } = c.get('deps');
  const row = await db.transaction(async (tx) => {
    const inserted = await insertTenant(tx, { id: body.id, name: body.name, settings: body.settings ?? {} });
    if (inserted) await recordAudit(tx, apiAudit(c.get('principal'), inserted.id, 'tenant.create', { type: 'tenant', id: inserted.id }));
    return inserted;
  });
  if (!row) throw new ApiError(409, 'tenant_exists', `tenant "${body.id}" already exists`);
  return c.json(tenantView(row), 201);
};

export const list: RouteHandler<typeof listTenants, AppEnv> = async (c) => {
  const rows = await findTenants(c.get('deps').db, c.req.valid('query'));
  return c.json({ items: rows.map(tenantView) }, 200);
};

export const get: RouteHandler<typeof getTenant, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  return c.json(tenantView(await requireTenant(c.get('deps').db, tenant_id)), 200);
};

export const update: RouteHandler<typeof updateTenant, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const { db } = c.get('deps');
  const row = await db.transaction(async (tx) => {
    const updated = await changeTenant(tx, tenant_id, body);
    if (updated) {
      const changed = Object.keys(body);
      await recordAudit(tx, apiAudit(c.get('principal'), tenant_id, 'tenant.update', { type: 'tenant', id: tenant_id }, 'success', { changed }));
    }
    return updated;
  });
  if (!row) throw new ApiError(404, 'tenant_not_found', `no tenant "${tenant_id}"`);
  return c.json(tenantView(row), 200);
};
