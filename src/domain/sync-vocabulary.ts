import type { RepairCounts } from './target-repairs.js';

/**
 * Words shared by the mirror, the planner, the store and the workflows: what kind of run,
 * who started it, what it counted, and the shape of its plan. Pure types, no behaviour.
 */

export type SyncMode = 'full' | 'incremental' | 'selective';
export type SyncTrigger = 'api' | 'schedule' | 'webhook' | 'test';

export interface SyncCounts {
  fetched: number;
  created: number;
  updated: number;
  deprovisioned: number;
  membershipChanges: number;
  failed: number;
  heldDeletions: number;
  /** Full syncs that verified the target: the drift found there, repaired by this run's plan. */
  repairs?: RepairCounts;
}

export function emptyCounts(): SyncCounts {
  return { fetched: 0, created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0, heldDeletions: 0 };
}

/** Apply order: users, groups (members reference both), memberships, then deprovisions last. */
export type ApplyPhase = 'users' | 'groups' | 'members' | 'deprovisions';

/** The plan as the workflow sees it: counts and batch numbers, never records. */
export interface PlanSummary {
  creates: number;
  updates: number;
  deprovisions: number;
  membershipChanges: number;
  /** Deprovisions held because the deletion-safety threshold tripped. */
  held: number;
  /** Batches to apply, phase by phase, in order; batches within a phase are independent. */
  phases: Array<{ phase: ApplyPhase; batches: number[] }>;
}
