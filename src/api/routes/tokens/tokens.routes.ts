import { createRoute, z } from '@hono/zod-openapi';
import { requireAdmin } from '../../auth/authenticate.js';
import { authErrors, errors, isoDate, json, jsonBody, TenantParams, uuidParam } from '../../openapi/common.js';

const ApiTokenSchema = z
  .object({ id: z.uuid(), tenantId: z.string(), name: z.string(), createdAt: isoDate, lastUsedAt: isoDate.nullable(), revokedAt: isoDate.nullable() })
  .openapi('ApiToken');

const CreatedTokenSchema = ApiTokenSchema.extend({
  token: z.string().openapi({ description: 'The bearer token. Shown only in this response; only its SHA-256 is stored.' }),
}).openapi('CreatedApiToken');

const CreateTokenBody = z.strictObject({ name: z.string().min(1).max(200) }).openapi('CreateApiToken');
const TokenParams = TenantParams.extend({ token_id: uuidParam('token_id') });

export const createToken = createRoute({
  method: 'post',
  path: '/tenants/{tenant_id}/tokens',
  tags: ['tokens'],
  summary: 'Create a tenant API token (admin token only)',
  middleware: [requireAdmin] as const,
  request: { params: TenantParams, body: jsonBody(CreateTokenBody) },
  responses: {
    201: json(CreatedTokenSchema, 'created; the token is not retrievable later'),
    ...authErrors,
    404: errors[404],
    413: errors[413],
    415: errors[415],
  },
});

export const listTokens = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/tokens',
  tags: ['tokens'],
  summary: "List a tenant's API tokens, without the tokens (admin token only)",
  middleware: [requireAdmin] as const,
  request: { params: TenantParams },
  responses: { 200: json(z.object({ items: z.array(ApiTokenSchema) }), 'newest first'), ...authErrors, 404: errors[404] },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/tenants/{tenant_id}/tokens/{token_id}',
  tags: ['tokens'],
  summary: 'Revoke a tenant API token (admin token only)',
  middleware: [requireAdmin] as const,
  request: { params: TokenParams },
  responses: { 200: json(ApiTokenSchema, 'revoked (idempotent)'), ...authErrors, 404: errors[404] },
});
