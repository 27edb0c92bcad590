import type { Database } from '../db/database.js';
import { loadPoolRows, writeSeatChanges } from '../db/queries/seat-assignments.js';
import { lockSeatPool, updateSeatPoolState, type SeatPoolRow } from '../db/queries/seat-pools.js';
import { calendarDate, isSectionEligible } from '../domain/seats/eligibility.js';
import { reconcilePool, type SeatChange, type UserStanding } from '../domain/seats/reconcile-pool.js';
import { holdsSeat } from '../domain/seats/seat-state.js';
import { currentSectionsAndTerms, eligibleUsers, rosterPresence, type RosterView } from './current-roster.js';

export interface PoolRun {
  tenantId: string;
  providerId: string;
  runId: string;
  view: RosterView;
  now: Date;
}

export interface PoolOutcome {
  changes: SeatChange[];
  capacity: number;
  held: number;
  waitlisted: number;
}

/**
 * One pool: eligibility from the current roster, then, under the pool's row lock, the seat
 * rules over every assignment of the pool and the write of their moves with audit entries.
 * The lock serialises reconciles of the pool (sync, webhook batch, another provider), so
 * capacity is read and spent by one at a time; a final count guards it anyway.
 */
export async function reconcilePoolSeats(db: Database, pool: SeatPoolRow, capacity: number, run: PoolRun): Promise<PoolOutcome> {
  const { sections, terms } = await currentSectionsAndTerms(db, run.view);
  const today = calendarDate(run.now);
  const eligibleSections = sections.filter((section) => isSectionEligible(section, terms, pool.eligibility, today)).map((section) => section.sourceId);
  const eligible = await eligibleUsers(db, run.view, eligibleSections, pool.eligibility.roles);

  return db.transaction(async (tx) => {
    const locked = await lockSeatPool(tx, run.tenantId, pool.id);
    if (!locked) return { changes: [], capacity, held: 0, waitlisted: 0 };
    const rows = await loadPoolRows(tx, run.tenantId, pool.id);
    const standings = new Map<string, UserStanding>([...eligible].map(([userId, rank]) => [userId, { kind: 'eligible', rank }]));
    const others = rows.filter((row) => row.providerId === run.providerId && row.state !== 'released' && !eligible.has(row.userId)).map((row) => row.userId);
    for (const [userId, presence] of await rosterPresence(tx, run.view, others)) standings.set(userId, standingOf(presence));

    const changes = reconcilePool({ capacity, gracePeriodSeconds: locked.gracePeriodSeconds, now: run.now.getTime(), providerId: run.providerId, rows, standings });
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

/**
 * Not eligible: still on the roster → grace; gone from the SIS with the SCIM User
 * deprovisioned (or never created) → release now; gone but the SCIM User still active →
 * the deprovision is held for approval or was discarded, so the seat is held with it.
 */
function standingOf(presence: { onRoster: boolean; scimActive: boolean | null }): UserStanding {
  if (presence.scimActive === false) return { kind: 'deprovisioned' };
  if (presence.onRoster) return { kind: 'ineligible' };
  return presence.scimActive ? { kind: 'held' } : { kind: 'deprovisioned' };
}
