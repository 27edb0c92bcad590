import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, json, jsonBody, TenantParams, uuidParam } from '../../openapi/common.js';
import { CreateProviderBody, ProviderSchema, UpdateProviderBody } from './providers.schemas.js';

const ProviderParams = TenantParams.extend({ provider_id: uuidParam('provider_id') });

export const listProviders = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/providers',
  tags: ['providers'],
  summary: "The tenant's SIS providers with their schedules",
  request: { params: TenantParams },
  responses: { 200: json(z.object({ items: z.array(ProviderSchema) }), 'oldest first'), ...authErrors, 404: errors[404], 502: errors[502] },
});

export const createProvider = createRoute({
  method: 'post',
  path: '/tenants/{tenant_id}/providers',
  tags: ['providers'],
  summary: 'Connect a SIS: validates the credentials, stores them in the secrets store, creates the schedule',
  request: { params: TenantParams, body: jsonBody(CreateProviderBody) },
  responses: {
    201: json(ProviderSchema, 'created'),
    ...authErrors,
    404: errors[404],
    409: errors[409],
    413: errors[413],
    415: errors[415],
    422: errors[422],
    502: errors[502],
  },
});

export const getProvider = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/providers/{provider_id}',
  tags: ['providers'],
  summary: 'One provider (credentials are write-only and never returned)',
  request: { params: ProviderParams },
  responses: { 200: json(ProviderSchema, 'the provider'), ...authErrors, 404: errors[404], 502: errors[502] },
});

export const updateProvider = createRoute({
  method: 'put',
  path: '/tenants/{tenant_id}/providers/{provider_id}',
  tags: ['providers'],
  summary: 'Change a provider: omitted fields keep their value; credentials rotate; the schedule follows',
  request: { params: ProviderParams, body: jsonBody(UpdateProviderBody) },
  responses: {
    200: json(ProviderSchema, 'updated'),
    ...authErrors,
    404: errors[404],
    409: errors[409],
    413: errors[413],
    415: errors[415],
    422: errors[422],
    502: errors[502],
  },
});

export const deleteProvider = createRoute({
  method: 'delete',
  path: '/tenants/{tenant_id}/providers/{provider_id}',
  tags: ['providers'],
  summary: 'Remove a provider, its schedule and its secrets (409 while a sync runs)',
  request: { params: ProviderParams },
  responses: { 204: { description: 'deleted' }, ...authErrors, 404: errors[404], 409: errors[409] },
});
