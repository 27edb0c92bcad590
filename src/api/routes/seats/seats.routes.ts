import { createRoute, z } from '@hono/zod-openapi';
import { SEAT_STATES } from '../../../domain/seats/seat-state.js';
import { authErrors, errors, json, PageQuery, TenantParams } from '../../openapi/common.js';
import { PoolIdSchema, PoolUtilisationSchema, SeatAssignmentSchema } from './seats.schemas.js';

const SeatsQuery = PageQuery.extend({
  pool: PoolIdSchema.optional().openapi({ param: { name: 'pool', in: 'query' } }),
  state: z
    .enum(SEAT_STATES)
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
  user: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .openapi({ param: { name: 'user', in: 'query', description: 'SIS user id' } }),
});

export const listSeats = createRoute({
  method: 'get',
  path: '/tenants/{tenant_id}/seats',
  tags: ['seats'],
  summary: 'Seat assignments (filter by pool, state, user) and utilisation per pool',
  request: { params: TenantParams, query: SeatsQuery },
  responses: {
    200: json(
      z.object({ items: z.array(SeatAssignmentSchema), utilisation: z.array(PoolUtilisationSchema) }),
      'assignments by pool and user; utilisation of every pool',
    ),
    ...authErrors,
    404: errors[404],
  },
});
