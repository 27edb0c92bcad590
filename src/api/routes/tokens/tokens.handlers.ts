import type { RouteHandler } from '@hono/zod-openapi';
import { insertApiToken, listApiTokens, revokeApiToken, type ApiTokenRow } from '../../../db/queries/api-tokens.js';
import { recordAudit } from '../../../db/queries/audit-log.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { generateApiToken, hashApiToken } from '../../auth/tokens.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { createToken, listTokens, revokeToken } from './tokens.routes.js';

function tokenView(row: ApiTokenRow) {
  return { id: row.id, tenantId: row.tenantId, name: row.name, createdAt: iso(row.createdAt), lastUsedAt: iso(row.lastUsedAt), revokedAt: iso(row.revokedAt) };
}

export const create: RouteHandler<typeof createToken, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { name } = c.req.valid('json');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const token = generateApiToken();
  const row = await db.transaction(async (tx) => {
    const inserted = await insertApiToken(tx, { tenantId: tenant_id, name, tokenHash: hashApiToken(token) });
    await recordAudit(tx, apiAudit(c.get('principal'), tenant_id, 'api_token.create', { type: 'api_token', id: inserted.id }, 'success', { name }));
    return inserted;
  });
  return c.json({ ...tokenView(row), token }, 201);
};

export const list: RouteHandler<typeof listTokens, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  return c.json({ items: (await listApiTokens(db, tenant_id)).map(tokenView) }, 200);
};

export const revoke: RouteHandler<typeof revokeToken, AppEnv> = async (c) => {
  const { tenant_id, token_id } = c.req.valid('param');
  const { db } = c.get('deps');
  const row = await db.transaction(async (tx) => {
    const revoked = await revokeApiToken(tx, tenant_id, token_id);
    if (revoked) await recordAudit(tx, apiAudit(c.get('principal'), tenant_id, 'api_token.revoke', { type: 'api_token', id: token_id }));
    return revoked;
  });
  if (!row) throw new ApiError(404, 'token_not_found', `tenant "${tenant_id}" has no token ${token_id}`);
  return c.json(tokenView(row), 200);
};
