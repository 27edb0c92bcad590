import type { Database } from '../db/database.js';
import { loadPoolRows, writeSeatChanges } from '../db/queries/seat-assignments.js';
import { changedStandings } from '../db/queries/seat-eligibility.js';
import { lockSeatPool, updateSeatPoolState, type SeatPoolRow } from '../db/queries/seat-pools.js';
import { calendarDate } from '../domain/seats/eligibility.js';
import { reconcilePool, type SeatChange } from '../domain/seats/reconcile-pool.js';
import { holdsSeat } from '../domain/seats/seat-state.js';

export interface PoolRun {
  tenantId: string;
  providerId: string;
  runId: string;
  /** The seat clock: terms are judged on its calendar day, grace periods end by it. */
  now: Date;
}

export interface PoolOutcome {
  changes: SeatChange[];
  capacity: number;
  held: number;
  waitlisted: number;
}

/**
 * One pool, under its row lock: where the provider's current roster and the pool's live
 * assignments disagree (a set difference in SQL, so an unchanged pool reads no user and
 * writes nothing), then the seat rules over those users and the live rows, then the write of
 * their moves with audit entries. The lock serialises reconciles of the pool (sync, webhook
 * batch, another provider), so capacity is read and spent by one at a time, and eligibility
 * is compared with the assignments it will change; a final count guards capacity anyway.
 */
export async function reconcilePoolSeats(db: Database, pool: SeatPoolRow, capacity: number, run: PoolRun): Promise<PoolOutcome> {
  return db.transaction(async (tx) => {
    const locked = await lockSeatPool(tx, run.tenantId, pool.id);
    if (!locked) return { changes: [], capacity, held: 0, waitlisted: 0 };
    const standings = await changedStandings(tx, {
      tenantId: run.tenantId,
      poolId: pool.id,
      providerId: run.providerId,
      eligibility: pool.eligibility,
      today: calendarDate(run.now),
    });
    const rows = await loadPoolRows(tx, run.tenantId, pool.id, { providerId: run.providerId, userIds: [...standings.keys()] });

    const changes = reconcilePool({
      capacity,
      gracePeriodSeconds: locked.gracePeriodSeconds,
      now: run.now.getTime(),
      providerId: run.providerId,
      rows,
      standings,
    });
    await writeSeatChanges(tx, { tenantId: run.tenantId, poolId: pool.id, runId: run.runId }, changes, run.now);
    if (locked.effectiveCapacity !== capacity) await updateSeatPoolState(tx, run.tenantId, pool.id, { effectiveCapacity: capacity });

    const final = new Map(rows.map((row) => [`${row.providerId}/${row.userId}`, row.state]));
    for (const change of changes) final.set(`${change.providerId}/${change.userId}`, change.to);
    const held = [...final.values()].filter(holdsSeat).length;
    // The rules never exceed capacity; should that ever break, nothing of it commits.
    if (held > capacity) throw new Error(`seat pool ${pool.id} would hold ${held} seats over its capacity of ${capacity}`);
    return { changes, capacity, held, waitlisted: [...final.values()].filter((state) => state === 'waitlisted').length };
  });
}
