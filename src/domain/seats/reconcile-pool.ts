import { comparePriority, type SeatPriority } from './priority.js';
import { holdsSeat, type SeatReason, type SeatState } from './seat-state.js';

/** Where a user of the reconciled provider stands for one pool. */
export type UserStanding =
  /** At least one active enrollment in an eligible section; `rank` from rankOf. */
  | { kind: 'eligible'; rank: number }
  /** Still on the roster, but no eligible enrollment: the seat goes through grace. */
  | { kind: 'ineligible' }
  /** Gone from the SIS and deprovisioned on the SCIM side (or inactive there): release at once. */
  | { kind: 'deprovisioned' }
  /** Gone from the SIS but the deprovision is held or was discarded: the seat stays as it is. */
  | { kind: 'held' };

export interface SeatRow extends SeatPriority {
  state: SeatState;
  /** Epoch ms; set while `releasing`. */
  graceStartedAt: number | null;
}

export interface PoolReconcileInput {
  capacity: number;
  gracePeriodSeconds: number;
  /** Epoch ms. */
  now: number;
  /** The provider whose roster was read; rows of other providers only count and queue. */
  providerId: string;
  /**
   * The pool's live rows (not released), all providers, and this provider's released rows of
   * users in `standings` (a re-entry moves on from them). Other released rows do not matter.
   */
  rows: readonly SeatRow[];
  /**
   * This provider's users whose standing may move them: every eligible user without a live
   * row (or with another rank, or in grace) and every live row that is no longer eligible.
   * A live row of this provider without a standing is unchanged (still eligible, same rank).
   */
  standings: ReadonlyMap<string, UserStanding>;
}

/** One move of one user. `from === to` is a silent refresh of the priority (no audit). */
export interface SeatChange extends SeatPriority {
  from: SeatState | null;
  to: SeatState;
  reason: SeatReason;
  graceStartedAt: number | null;
}

/**
 * The seat rules for one pool, as a list of moves in order (a user may move twice, e.g.
 * into grace and straight out when the grace period is 0). Capacity is never exceeded:
 * seats are only handed out while holders < capacity, and a lowered capacity takes seats
 * back from those in grace first, then from the lowest-priority holders (to the waitlist).
 */
export function reconcilePool(input: PoolReconcileInput): SeatChange[] {
  const changes: SeatChange[] = [];
  const live = new Map<string, SeatChange>();
  const move = (entry: SeatChange, to: SeatState, reason: SeatReason, graceStartedAt: number | null = null) => {
    const change = { ...entry, from: entry.to, to, reason, graceStartedAt };
    changes.push(change);
    live.set(keyOf(entry), change);
    return change;
  };
  const graceOver = (startedAt: number | null) => startedAt !== null && input.now >= startedAt + input.gracePeriodSeconds * 1000;

  for (const row of input.rows) {
    if (row.state === 'released') continue;
    // The row as a no-op change, so later moves carry its priority and state along.
    let entry: SeatChange = { ...row, from: row.state, to: row.state, reason: 'eligible' };
    live.set(keyOf(row), entry);
    if (row.providerId !== input.providerId) continue;
    const standing = input.standings.get(row.userId);
    if (!standing || standing.kind === 'held') continue;
    if (standing.kind === 'deprovisioned') {
      move(entry, 'released', 'deprovisioned');
      continue;
    }
    if (standing.kind === 'eligible') {
      if (standing.rank !== row.rank) entry = move(entry, row.state, 'eligible', row.graceStartedAt);
      entry.rank = standing.rank;
      if (row.state === 'releasing') move(entry, 'assigned', 'eligible_again');
      continue;
    }
    if (row.state === 'waitlisted') {
      move(entry, 'released', 'ineligible');
      continue;
    }
    if (row.state === 'assigned') entry = move(entry, 'releasing', 'no_longer_eligible', input.now);
    if (graceOver(entry.graceStartedAt)) move(entry, 'released', 'grace_expired');
  }

  const released = new Map(input.rows.filter((row) => row.providerId === input.providerId && row.state === 'released').map((row) => [row.userId, row.state]));
  const newcomers: Array<SeatPriority & { previous: SeatState | null }> = [];
  for (const [userId, standing] of input.standings) {
    if (standing.kind !== 'eligible' || live.has(keyOf({ providerId: input.providerId, userId }))) continue;
    const previous = released.get(userId) ?? null;
    newcomers.push({ providerId: input.providerId, userId, rank: standing.rank, eligibleSince: input.now, previous });
  }

  const current = () => [...live.values()];
  let holders = current().filter((entry) => holdsSeat(entry.to)).length;
  if (holders > input.capacity) {
    const byLowestPriority = (state: SeatState) =>
      current()
        .filter((entry) => entry.to === state)
        .sort((a, b) => comparePriority(b, a));
    for (const entry of [...byLowestPriority('releasing'), ...byLowestPriority('assigned')]) {
      if (holders <= input.capacity) break;
      move(entry, entry.to === 'releasing' ? 'released' : 'waitlisted', 'capacity_reduced');
      holders -= 1;
    }
  }

  const waiting = current().filter((entry) => entry.to === 'waitlisted' && entry.reason !== 'capacity_reduced');
  const queue: Array<SeatPriority & { entry?: SeatChange; previous?: SeatState | null }> = [...waiting.map((entry) => ({ ...entry, entry })), ...newcomers];
  for (const candidate of queue.sort(comparePriority)) {
    const { entry } = candidate;
    const seat = holders < input.capacity;
    if (seat) holders += 1;
    if (entry) {
      if (seat) move(entry, 'assigned', 'waitlist_promoted');
      continue;
    }
    const { previous: _previous, ...user } = candidate;
    const change: SeatChange = {
      ...user,
      from: candidate.previous ?? null,
      to: seat ? 'assigned' : 'waitlisted',
      reason: seat ? 'eligible' : 'capacity_full',
      graceStartedAt: null,
    };
    changes.push(change);
    live.set(keyOf(change), change);
  }
  return changes;
}

/**
 * Where a user who is no longer eligible stands: still on the roster → grace; gone from the
 * SIS with the SCIM User deprovisioned (or never created) → release now; gone but the SCIM
 * User still active → the deprovision is held for approval or was discarded, so the seat is
 * held with it.
 */
export function standingWhenIneligible(presence: { onRoster: boolean; scimActive: boolean | null }): UserStanding {
  if (presence.scimActive === false) return { kind: 'deprovisioned' };
  if (presence.onRoster) return { kind: 'ineligible' };
  return presence.scimActive ? { kind: 'held' } : { kind: 'deprovisioned' };
}

function keyOf(user: { providerId: string; userId: string }): string {
  return `${user.providerId}\u0000${user.userId}`;
}
