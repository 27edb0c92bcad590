import type { EnrollmentRole } from '../roster.js';

/**
 * Who gets a freed or contested seat first: teachers before students, then whoever has been
 * eligible longest (first seen eligible by a reconcile), then by user id so ties never depend
 * on query order.
 */
export interface SeatPriority {
  /** 0 = teacher, 1 = student (see rankOf). */
  rank: number;
  /** Epoch ms the user was first seen eligible for the pool (continuously since). */
  eligibleSince: number;
  userId: string;
  providerId: string;
}

/** @internal exported for its tests as well */
export function rankOf(role: EnrollmentRole): number {
  return role === 'teacher' ? 0 : 1;
}

/** Negative when `a` comes before `b`. */
export function comparePriority(a: SeatPriority, b: SeatPriority): number {
  return a.rank - b.rank || a.eligibleSince - b.eligibleSince || compareText(a.userId, b.userId) || compareText(a.providerId, b.providerId);
}

// Code-unit order, not locale order: the same on every worker whatever its locale.
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
