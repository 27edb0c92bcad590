import { Gauge, Registry } from 'prom-client';
import type { Database } from '../db/database.js';
import { heldDeletionTotals, poolOccupancies, type PoolOccupancy } from '../db/queries/operator-state.js';

/**
 * Gauges of state that lives in the database (held deletions, seat pools), read at scrape
 * time. Only the API serves them: every worker reading the same rows would multiply the
 * numbers when Prometheus sums over instances. Seat pools are named by tenants, so they are
 * counted in utilisation bands rather than labelled one by one.
 */

/** @internal exported for its tests as well */
export const UTILISATION_BANDS = ['0-50', '50-80', '80-95', '95-100', 'full'] as const;

/** @internal exported for its tests as well */
export function utilisationBand(pool: PoolOccupancy): (typeof UTILISATION_BANDS)[number] {
  const held = pool.assigned + pool.releasing;
  if (held >= pool.capacity) return 'full';
  const percent = (held / pool.capacity) * 100;
  if (percent < 50) return '0-50';
  if (percent < 80) return '50-80';
  if (percent < 95) return '80-95';
  return '95-100';
}

export interface OperatorStateMetrics {
  registry: Registry;
  /** Re-reads the database into the gauges; call right before rendering. */
  refresh(): Promise<void>;
}

export function createOperatorStateMetrics(db: Database): OperatorStateMetrics {
  const registry = new Registry();
  const registers = [registry];
  const heldDeletions = new Gauge({
    name: 'sis_bridge_held_deletions',
    help: 'Deprovisions held for approval (over a deletion threshold) in runs awaiting a decision.',
    registers,
  });
  const runsAwaiting = new Gauge({
    name: 'sis_bridge_sync_runs_awaiting_approval',
    help: 'Sync runs waiting for approveDeletions / discardDeletions.',
    registers,
  });
  const capacity = new Gauge({ name: 'sis_bridge_seat_capacity', help: 'Seats across all pools (capacity used by the last reconcile).', registers });
  const seats = new Gauge({
    name: 'sis_bridge_seats',
    help: 'Seat assignments across all pools, by state (assigned, releasing = in grace, waitlisted).',
    labelNames: ['state'] as const,
    registers,
  });
  const pools = new Gauge({
    name: 'sis_bridge_seat_pools',
    help: 'Seat pools by utilisation band (held / capacity, in percent; full = no free seat).',
    labelNames: ['utilisation'] as const,
    registers,
  });
  const exhausted = new Gauge({ name: 'sis_bridge_seat_pools_exhausted', help: 'Seat pools with no free seat and users on the waitlist.', registers });

  return {
    registry,
    async refresh() {
      const held = await heldDeletionTotals(db);
      heldDeletions.set(held.items);
      runsAwaiting.set(held.runs);

      const occupancies = await poolOccupancies(db);
      const sum = (pick: (pool: PoolOccupancy) => number) => occupancies.reduce((total, pool) => total + pick(pool), 0);
      capacity.set(sum((pool) => pool.capacity));
      seats.set(
        { state: 'assigned' },
        sum((pool) => pool.assigned),
      );
      seats.set(
        { state: 'releasing' },
        sum((pool) => pool.releasing),
      );
      seats.set(
        { state: 'waitlisted' },
        sum((pool) => pool.waitlisted),
      );
      for (const band of UTILISATION_BANDS) pools.set({ utilisation: band }, occupancies.filter((pool) => utilisationBand(pool) === band).length);
      exhausted.set(occupancies.filter((pool) => utilisationBand(pool) === 'full' && pool.waitlisted > 0).length);
    },
  };
}
