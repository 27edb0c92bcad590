import type { RouteHandler } from '@hono/zod-openapi';
import { listSeatAssignments, seatCountsByPool } from '../../../db/queries/seat-assignments.js';
import { listSeatPools } from '../../../db/queries/seat-pools.js';
import { utilisationOf } from '../../../domain/seats/seat-state.js';
import type { AppEnv } from '../../app-env.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { listSeats } from './seats.routes.js';

export const list: RouteHandler<typeof listSeats, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { pool, state, user, limit, offset } = c.req.valid('query');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const pools = await listSeatPools(db, tenant_id);
  const graceOf = new Map(pools.map((row) => [row.id, row.gracePeriodSeconds]));
  const rows = await listSeatAssignments(db, {
    tenantId: tenant_id,
    ...(pool ? { poolId: pool } : {}),
    ...(state ? { state } : {}),
    ...(user ? { userSourceId: user } : {}),
    limit,
    offset,
  });
  const counts = await seatCountsByPool(db, tenant_id);
  const items = rows.map((row) => ({
    poolId: row.poolId,
    providerId: row.providerId,
    userId: row.userSourceId,
    state: row.state,
    reason: row.reason,
    eligibleSince: iso(row.eligibleSince),
    assignedAt: iso(row.assignedAt),
    waitlistedAt: iso(row.waitlistedAt),
    graceStartedAt: iso(row.graceStartedAt),
    graceEndsAt: row.state === 'releasing' && row.graceStartedAt ? iso(new Date(row.graceStartedAt.getTime() + (graceOf.get(row.poolId) ?? 0) * 1000)) : null,
    releasedAt: iso(row.releasedAt),
    updatedAt: iso(row.updatedAt),
  }));
  const utilisation = pools.map((row) => {
    const capacity = row.effectiveCapacity ?? row.capacity;
    const { held, waitlisted } = counts.get(row.id) ?? { held: 0, waitlisted: 0 };
    return { poolId: row.id, capacity, held, waitlisted, utilisation: utilisationOf(capacity, held) };
  });
  return c.json({ items, utilisation }, 200);
};
