/** Seat assignment states; `releasing` holds the seat during the grace period. */
export const SEAT_STATES = ['assigned', 'waitlisted', 'releasing', 'released'] as const;
export type SeatState = (typeof SEAT_STATES)[number];

/** Why an assignment changed; stored on the row and in its audit entry. */
export const SEAT_REASONS = [
  'eligible',
  'waitlist_promoted',
  'eligible_again',
  'capacity_full',
  'no_longer_eligible',
  'grace_expired',
  'deprovisioned',
  'capacity_reduced',
  'ineligible',
] as const;
export type SeatReason = (typeof SEAT_REASONS)[number];

/** The audit action of a move into a state. */
export const SEAT_AUDIT_ACTION: Record<SeatState, string> = {
  assigned: 'seat.allocate',
  waitlisted: 'seat.waitlist',
  releasing: 'seat.grace',
  released: 'seat.release',
};

/** A seat holder takes capacity whether or not they are in grace. */
export function holdsSeat(state: SeatState | null): boolean {
  return state === 'assigned' || state === 'releasing';
}

/** What a reconcile did, per run; utilisation per pool. */
interface SeatPoolUtilisation {
  poolId: string;
  capacity: number;
  /** Seats held: assigned + releasing. */
  held: number;
  waitlisted: number;
  /** held / capacity, 0 when capacity is 0. */
  utilisation: number;
}

export interface SeatReconcileCounts {
  allocated: number;
  released: number;
  waitlisted: number;
  graceStarted: number;
  pools: SeatPoolUtilisation[];
}

export function utilisationOf(capacity: number, held: number): number {
  return capacity > 0 ? Math.round((held / capacity) * 1000) / 1000 : 0;
}

/** One line for the run message: counts only, never who. Null when the tenant has no pools. */
export function describeSeatCounts(counts: SeatReconcileCounts): string | null {
  if (counts.pools.length === 0) return null;
  const pools = counts.pools.map((pool) => `${pool.poolId} ${pool.held}/${pool.capacity}`).join(', ');
  return `seats: ${counts.allocated} allocated, ${counts.released} released, ${counts.waitlisted} waitlisted, ${counts.graceStarted} in grace (${pools})`;
}
