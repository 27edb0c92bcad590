import { createRoute, z } from '@hono/zod-openapi';
import { authErrors, errors, json, jsonBody, TenantParams } from '../../openapi/common.js';
import { PoolParams, PutSeatPoolBody, SeatPoolSchema } from './seats.schemas.js';

export const listSeatPools = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/seat-pools',
  tags: ['seats'],
  summary: "A tenant's seat pools",
  request: { params: TenantParams },
  responses: { 200: json(z.object({ items: z.array(SeatPoolSchema) }), 'by id'), ...authErrors, 404: errors[404] },
});

export const getSeatPool = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/seat-pools/{pool_id}',
  tags: ['seats'],
  summary: 'One seat pool',
  request: { params: PoolParams },
  responses: { 200: json(SeatPoolSchema, 'the pool'), ...authErrors, 404: errors[404] },
});

export const putSeatPool = createRoute({
  method: 'put',
  path: '/tenants/{tenant_id}/seat-pools/{pool_id}',
  tags: ['seats'],
  summary: 'Create or replace a seat pool; the next reconcile (end of a sync) applies it',
  request: { params: PoolParams, body: jsonBody(PutSeatPoolBody) },
  responses: {
    200: json(SeatPoolSchema, 'replaced'),
    201: json(SeatPoolSchema, 'created'),
    ...authErrors,
    404: errors[404],
    413: errors[413],
    415: errors[415],
  },
});
