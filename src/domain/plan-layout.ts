import type { ApplyPhase, PlanSummary } from './sync-vocabulary.js';

/**
 * How a plan is cut into parts and batches. Planning runs part by part (a bounded key range
 * each, on whichever worker takes it); the parts' items are then numbered into apply batches
 * phase by phase. Pure arithmetic, shared by the store and its unit tests.
 */

/** Apply order: users, groups (members reference both), memberships, deprovisions last. */
const APPLY_PHASES: readonly ApplyPhase[] = ['users', 'groups', 'members', 'deprovisions'];

/**
 * A members item is up to a whole section's roster: fewer per batch keeps batches even.
 * @internal exported for its tests as well
 */
export function itemsPerBatch(phase: ApplyPhase, batchSize: number): number {
  return phase === 'members' ? Math.max(1, Math.ceil(batchSize / 4)) : batchSize;
}

export interface PhaseLayout {
  phase: ApplyPhase;
  items: number;
  perBatch: number;
  /** Batch number of the phase's first item; its items fill batches firstBatch, firstBatch+1, … in order. */
  firstBatch: number;
  batches: number[];
}

/** Consecutive batch numbers per phase, in apply order; empty phases are left out. */
export function layoutPhases(itemsByPhase: Readonly<Partial<Record<ApplyPhase, number>>>, batchSize: number): PhaseLayout[] {
  const layout: PhaseLayout[] = [];
  let next = 0;
  for (const phase of APPLY_PHASES) {
    const items = itemsByPhase[phase] ?? 0;
    if (items === 0) continue;
    const perBatch = itemsPerBatch(phase, batchSize);
    const count = Math.ceil(items / perBatch);
    layout.push({ phase, items, perBatch, firstBatch: next, batches: Array.from({ length: count }, (_, index) => next + index) });
    next += count;
  }
  return layout;
}

export function summaryPhases(layout: readonly PhaseLayout[]): PlanSummary['phases'] {
  return layout.map(({ phase, batches }) => ({ phase, batches }));
}

/**
 * The deletion-safety rule: user deprovisions above the count, or above the percentage of
 * the provider's active users, are held for an operator's decision instead of applied.
 */
export function mustHoldDeprovisions(userDeprovisions: number, activeUsers: number, threshold: { count: number; percent: number }): boolean {
  return userDeprovisions > threshold.count || (activeUsers > 0 && (userDeprovisions / activeUsers) * 100 > threshold.percent);
}

/**
 * Sequence numbers of a part's items start at part × stride: parts plan side by side without
 * coordinating, and ordering by seq keeps the parts (and the keys inside each) in order.
 */
export function partSeqBase(part: number, partSize: number): number {
  return part * partSize;
}
