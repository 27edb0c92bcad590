import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, isoDate, json, jsonBody, PageQuery, TenantIdSchema, TenantParams } from '../../openapi/common.js';
import { MappingSchema } from '../../openapi/mapping.js';

const TenantSchema = z.object({ id: z.string(), name: z.string(), settings: MappingSchema, createdAt: isoDate, updatedAt: isoDate }).openapi('Tenant');

const CreateTenantBody = z.strictObject({ id: TenantIdSchema, name: z.string().min(1).max(200), settings: MappingSchema.optional() }).openapi('CreateTenant');

export const createTenant = createRoute({
  method: 'post',
  path: '/tenants',
  tags: ['tenants'],
  summary: 'Create a tenant (admin token only)',
  request: { body: jsonBody(CreateTenantBody) },
  responses: { 201: json(TenantSchema, 'created'), ...authErrors, 409: errors[409], 413: errors[413], 415: errors[415] },
});

const UpdateTenantBody = z.strictObject({ name: z.string().min(1).max(200).optional(), settings: MappingSchema.optional() }).openapi('UpdateTenant');

export const updateTenant = createRoute({
  method: 'put',
  path: '/tenants/{tenant_id}',
  tags: ['tenants'],
  summary: 'Rename the tenant or replace its mapping defaults (username templates, deprovision policy, deletion threshold)',
  request: { params: TenantParams, body: jsonBody(UpdateTenantBody) },
  responses: { 200: json(TenantSchema, 'updated'), ...authErrors, 404: errors[404], 413: errors[413], 415: errors[415] },
});

export const listTenants = createRoute({
  method: 'get',
  path: '/tenants',
  tags: ['tenants'],
  summary: 'List tenants (admin token only)',
  request: { query: PageQuery },
  responses: { 200: json(z.object({ items: z.array(TenantSchema) }), 'tenants by id'), ...authErrors },
});

export const getTenant = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}',
  tags: ['tenants'],
  summary: 'One tenant',
  request: { params: TenantParams },
  responses: { 200: json(TenantSchema, 'the tenant'), ...authErrors, 404: errors[404] },
});
