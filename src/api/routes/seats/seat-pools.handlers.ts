import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { getSeatPool, listSeatPools, putSeatPool, type SeatPoolRow } from '../../../db/queries/seat-pools.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { getSeatPool as getRoute, listSeatPools as listRoute, putSeatPool as putRoute } from './seat-pools.routes.js';

function seatPoolView(row: SeatPoolRow) {
  const { createdAt, updatedAt, scimGroupName: _applied, ...rest } = row;
  return { ...rest, createdAt: iso(createdAt), updatedAt: iso(updatedAt) };
}

export const list: RouteHandler<typeof listRoute, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  return c.json({ items: (await listSeatPools(db, tenant_id)).map(seatPoolView) }, 200);
};

export const get: RouteHandler<typeof getRoute, AppEnv> = async (c) => {
  const { tenant_id, pool_id } = c.req.valid('param');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const row = await getSeatPool(db, tenant_id, pool_id);
  if (!row) throw new ApiError(404, 'seat_pool_not_found', `tenant "${tenant_id}" has no seat pool "${pool_id}"`);
  return c.json(seatPoolView(row), 200);
};

export const put: RouteHandler<typeof putRoute, AppEnv> = async (c) => {
  const { tenant_id, pool_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const { row, created } = await db.transaction(async (tx) => {
    const result = await putSeatPool(tx, { tenantId: tenant_id, id: pool_id, ...body });
    const action = result.created ? 'seat_pool.create' : 'seat_pool.update';
    await recordAudit(
      tx,
      apiAudit(c.get('principal'), tenant_id, action, { type: 'seat_pool', id: pool_id }, 'success', {
        capacity: body.capacity,
        sku: body.sku,
        gracePeriodSeconds: body.gracePeriodSeconds,
      }),
    );
    return result;
  });
  return created ? c.json(seatPoolView(row), 201) : c.json(seatPoolView(row), 200);
};
