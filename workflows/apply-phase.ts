import { patched } from '@temporalio/workflow';
import { inRuns, runPool, runPoolUntil } from './run-pool.js';
import { APPLY_BATCH_RUNS, APPLY_CONCURRENCY, APPLY_POOL, APPLY_POOL_SIZE, BATCHES_PER_APPLY } from './sync-fan-out.js';
import type { addCounts } from './sync-progress.js';

type BatchCounts = Parameters<typeof addCounts>[1];

/** How a phase's batches reach their activities, and where their counts go. */
export interface PhaseApply {
  /** applyScimBatches: consecutive batches in one activity. */
  batches(batches: number[]): Promise<BatchCounts>;
  /** applyScimBatch: one batch (runs recorded before the apply-batch-runs patch). */
  batch(batch: number): Promise<BatchCounts>;
  applied(counts: BatchCounts): void;
  historyFull(): boolean;
}

/**
 * Applies a phase's batches from `first` on: BATCHES_PER_APPLY to an activity through one pool
 * of APPLY_POOL_SIZE lanes, or, replaying runs recorded before those patches, one batch to an
 * activity through that pool or in chunks of 16, 4 at a time. Returns undefined once the phase
 * is applied, or the batch to continue from (as new) when the history filled first.
 */
export async function applyPhaseBatches(batches: readonly number[], first: number, apply: PhaseApply): Promise<number | undefined> {
  const batchRuns = patched(APPLY_BATCH_RUNS);
  const perActivity = batchRuns ? BATCHES_PER_APPLY : patched(APPLY_POOL) ? 1 : 0;
  if (perActivity > 0) {
    const runs = inRuns(batches.slice(first), perActivity);
    const { started } = await runPoolUntil(
      runs,
      APPLY_POOL_SIZE,
      async (run) => apply.applied(await (batchRuns ? apply.batches(run) : apply.batch(run[0]!))),
      apply.historyFull,
    );
    // Every run started before the history filled is whole: the next run starts at its end.
    return started < runs.length ? first + started * perActivity : undefined;
  }
  for (let batchIndex = first; batchIndex < batches.length; batchIndex += APPLY_CONCURRENCY * 4) {
    if (apply.historyFull()) return batchIndex;
    const results = await runPool(batches.slice(batchIndex, batchIndex + APPLY_CONCURRENCY * 4), APPLY_CONCURRENCY, (batch) => apply.batch(batch));
    for (const counts of results) apply.applied(counts);
  }
  return undefined;
}
