import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { seatAssignments, seatPools, syncPlanItems, syncRuns } from '../schema/index.js';

/** Runs waiting for a deletion decision and the deprovisions they hold, across all tenants. */
export async function heldDeletionTotals(db: Database): Promise<{ runs: number; items: number }> {
  const [row] = await db
    .select({
      runs: sql<number>`count(distinct ${syncRuns.id})::int`,
      items: sql<number>`count(${syncPlanItems.seq})::int`,
    })
    .from(syncRuns)
    .leftJoin(syncPlanItems, and(eq(syncPlanItems.runId, syncRuns.id), eq(syncPlanItems.status, 'held')))
    .where(eq(syncRuns.status, 'awaiting_approval'));
  return { runs: Number(row?.runs ?? 0), items: Number(row?.items ?? 0) };
}

export interface PoolOccupancy {
  capacity: number;
  assigned: number;
  releasing: number;
  waitlisted: number;
}

/** Every seat pool's capacity (as last reconciled) and live assignments; no tenant or pool id leaves this function. */
export async function poolOccupancies(db: Database): Promise<PoolOccupancy[]> {
  const rows = await db
    .select({
      capacity: sql<number>`coalesce(${seatPools.effectiveCapacity}, ${seatPools.capacity})`,
      assigned: sql<number>`count(*) filter (where ${seatAssignments.state} = 'assigned')::int`,
      releasing: sql<number>`count(*) filter (where ${seatAssignments.state} = 'releasing')::int`,
      waitlisted: sql<number>`count(*) filter (where ${seatAssignments.state} = 'waitlisted')::int`,
    })
    .from(seatPools)
    .leftJoin(
      seatAssignments,
      and(eq(seatAssignments.tenantId, seatPools.tenantId), eq(seatAssignments.poolId, seatPools.id), ne(seatAssignments.state, 'released')),
    )
    .groupBy(seatPools.tenantId, seatPools.id);
  return rows.map((row) => ({
    capacity: Number(row.capacity),
    assigned: Number(row.assigned),
    releasing: Number(row.releasing),
    waitlisted: Number(row.waitlisted),
  }));
}
