import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { getScimTarget as findScimTarget, upsertScimTarget } from '../../../db/queries/scim-targets.js';
import { scimTargetSecretPath } from '../../../secrets/secret-store.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import { probeScimTarget } from './scim-probe.js';
import type { getScimTarget, putScimTarget } from './scim-target.routes.js';

export const get: RouteHandler<typeof getScimTarget, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const row = await findScimTarget(deps.db, tenant_id);
  if (row) {
    const token = await deps.secrets.get(row.secretPath);
    return c.json({ source: 'tenant' as const, baseUrl: row.baseUrl, dialect: row.dialect, tokenConfigured: token !== undefined, updatedAt: iso(row.updatedAt) }, 200);
  }
  const fallback = deps.settings.scimDefaultBaseUrl;
  if (!fallback) throw new ApiError(404, 'scim_target_not_configured', `tenant "${tenant_id}" has no SCIM target and SCIM_BASE_URL is not set`);
  return c.json({ source: 'default' as const, baseUrl: fallback.replaceAll('{tenantId}', tenant_id), dialect: {}, updatedAt: null }, 200);
};

export const put: RouteHandler<typeof putScimTarget, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const principal = c.get('principal');
  await requireTenant(deps.db, tenant_id);
  const secretPath = scimTargetSecretPath(tenant_id);
  const token = body.token ?? (await deps.secrets.get(secretPath))?.token;
  if (!token) {
    throw new ApiError(400, 'validation_failed', 'invalid body: token is required until the tenant has one', {
      fields: [{ field: 'body.token', message: 'required the first time' }],
    });
  }
  const dialect = body.dialect ?? {};
  let settled: Awaited<ReturnType<typeof probeScimTarget>>;
  try {
    settled = await probeScimTarget(deps, { baseUrl: body.baseUrl, token, dialect });
  } catch (error) {
    if (error instanceof ApiError) {
      await recordAudit(deps.db, apiAudit(principal, tenant_id, 'scim_target.update', { type: 'scim_target', id: tenant_id }, 'failure', { code: error.code }));
    }
    throw error;
  }
  if (body.token) await deps.secrets.rotate(secretPath, { token: body.token });
  const row = await deps.db.transaction(async (tx) => {
    const stored = await upsertScimTarget(tx, { tenantId: tenant_id, baseUrl: body.baseUrl, dialect, secretPath });
    await recordAudit(
      tx,
      apiAudit(principal, tenant_id, 'scim_target.update', { type: 'scim_target', id: tenant_id }, 'success', { baseUrl: body.baseUrl, tokenRotated: Boolean(body.token) }),
    );
    return stored;
  });
  return c.json({ source: 'tenant' as const, baseUrl: row.baseUrl, dialect: row.dialect, tokenConfigured: true, updatedAt: iso(row.updatedAt), ...(settled ? { settled } : {}) }, 200);
};
