import { and, asc, eq, getTableColumns, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { seatPools } from '../schema/index.js';

export type SeatPoolRow = typeof seatPools.$inferSelect;
export type SeatPoolInput = Pick<
  typeof seatPools.$inferInsert,
  'tenantId' | 'id' | 'name' | 'sku' | 'capacity' | 'eligibility' | 'gracePeriodSeconds' | 'scimGroup'
>;

export function listSeatPools(db: Database, tenantId: string): Promise<SeatPoolRow[]> {
  return db.select().from(seatPools).where(eq(seatPools.tenantId, tenantId)).orderBy(asc(seatPools.id));
}

export async function getSeatPool(db: Database, tenantId: string, poolId: string): Promise<SeatPoolRow | undefined> {
  const [row] = await db
    .select()
    .from(seatPools)
    .where(and(eq(seatPools.tenantId, tenantId), eq(seatPools.id, poolId)));
  return row;
}

/** Creates or replaces a pool's configuration; `created` says which. Applied SCIM state is kept. */
export async function putSeatPool(db: Database, pool: SeatPoolInput): Promise<{ row: SeatPoolRow; created: boolean }> {
  const { tenantId: _tenantId, id: _id, ...settings } = pool;
  const [result] = await db
    .insert(seatPools)
    .values(pool)
    .onConflictDoUpdate({ target: [seatPools.tenantId, seatPools.id], set: { ...settings, updatedAt: new Date() } })
    // xmax = 0 only on a freshly inserted row (Postgres system column).
    .returning({ ...getTableColumns(seatPools), created: sql<boolean>`(xmax = 0)` });
  if (!result) throw new Error('seat pool upsert returned no row');
  const { created, ...row } = result;
  return { row, created };
}

/**
 * Locks the pool's row until the transaction ends: reconciles of one pool run one at a time
 * (a sync and a webhook batch of the same tenant, or two providers), so capacity is counted
 * and spent by one of them at a time. Undefined when the pool was deleted meanwhile.
 */
export async function lockSeatPool(tx: Database, tenantId: string, poolId: string): Promise<SeatPoolRow | undefined> {
  const [row] = await tx
    .select()
    .from(seatPools)
    .where(and(eq(seatPools.tenantId, tenantId), eq(seatPools.id, poolId)))
    .for('update');
  return row;
}

export async function updateSeatPoolState(
  db: Database,
  tenantId: string,
  poolId: string,
  state: Partial<Pick<SeatPoolRow, 'effectiveCapacity' | 'scimGroupId' | 'scimGroupName'>>,
): Promise<void> {
  await db
    .update(seatPools)
    .set(state)
    .where(and(eq(seatPools.tenantId, tenantId), eq(seatPools.id, poolId)));
}
