import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, isoDate, json, jsonBody, TenantParams } from '../../openapi/common.js';

/** Per-target overrides of the discovered SCIM dialect (src/scim/dialect.ts). */
const DialectOverridesSchema = z
  .strictObject({
    memberRemoval: z.enum(['pathFilter', 'valueArray']).optional(),
    maxMemberChangesPerPatch: z.number().int().min(1).max(100).optional(),
    maxGroupMembers: z.number().int().min(1).optional(),
    requireEmailUnlessUserNameIsEmail: z.boolean().optional(),
    deactivation: z.enum(['patch', 'put']).optional(),
    escapedLookups: z.enum(['escaped', 'prefixScan']).optional(),
    enterpriseExtension: z.boolean().optional(),
    useBulk: z.boolean().optional(),
    bulkMaxOperations: z.number().int().min(1).max(10_000).optional(),
    bulkMaxPayloadSize: z.number().int().min(1).optional(),
    pageSize: z.number().int().min(1).max(1000).optional(),
    filterLookups: z.boolean().optional().openapi({ description: 'false for a target without filtering: lookups read the listing instead' }),
  })
  .openapi('ScimDialectOverrides');

const SettledDialectSchema = z
  .object({
    discovery: z
      .enum(['advertised', 'assumed'])
      .openapi({ description: '`assumed`: the target has no /ServiceProviderConfig; a conservative dialect is used' }),
    dialect: z
      .object({
        memberRemoval: z.enum(['pathFilter', 'valueArray']),
        maxMemberChangesPerPatch: z.number().int(),
        maxGroupMembers: z.number().int().optional(),
        requireEmailUnlessUserNameIsEmail: z.boolean(),
        deactivation: z.enum(['patch', 'put']),
        escapedLookups: z.enum(['escaped', 'prefixScan']),
        enterpriseExtension: z.boolean(),
        useBulk: z.boolean(),
        bulkMaxOperations: z.number().int(),
        bulkMaxPayloadSize: z.number().int(),
        pageSize: z.number().int(),
        filterLookups: z.boolean(),
      })
      .openapi({ description: 'the dialect in full: discovery, then the overrides' }),
  })
  .openapi('SettledScimDialect');

const ScimTargetSchema = z
  .object({
    source: z
      .enum(['tenant', 'default', 'none'])
      .openapi({ description: '`default`: the tenant has none and uses SCIM_BASE_URL / SCIM_TOKEN; `none`: neither is set' }),
    baseUrl: z.string().nullable(),
    dialect: DialectOverridesSchema,
    tokenConfigured: z.boolean().optional().openapi({ description: 'tenant targets only; the token itself is write-only' }),
    updatedAt: isoDate.nullable(),
    settled: SettledDialectSchema.optional().openapi({ description: 'PUT only: what discovery found and the dialect the bridge settled on' }),
  })
  .openapi('ScimTarget');

const PutScimTargetBody = z
  .strictObject({
    baseUrl: z.url({ protocol: /^https?$/, error: 'an http(s) URL' }),
    token: z.string().min(1).max(4096).optional().openapi({ description: 'Bearer token, write-only; required the first time, omitted = keep' }),
    dialect: DialectOverridesSchema.optional(),
  })
  .openapi('PutScimTarget');

export const getScimTarget = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/scim-target',
  tags: ['scim-target'],
  summary: "The tenant's SCIM service provider (or the configured default)",
  request: { params: TenantParams },
  responses: { 200: json(ScimTargetSchema, 'the target'), ...authErrors, 404: errors[404] },
});

export const putScimTarget = createRoute({
  method: 'put',
  path: '/tenants/{tenant_id}/scim-target',
  tags: ['scim-target'],
  summary: 'Set the SCIM target; probes /ServiceProviderConfig with the token first',
  request: { params: TenantParams, body: jsonBody(PutScimTargetBody) },
  responses: { 200: json(ScimTargetSchema, 'stored'), ...authErrors, 404: errors[404], 409: errors[409], 413: errors[413], 415: errors[415], 422: errors[422] },
});
