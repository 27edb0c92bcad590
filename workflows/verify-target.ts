import { patched, proxyActivities } from '@temporalio/workflow';
import { LISTING_RANGES } from './sync-fan-out.js';
import { readBackTarget } from './target-read-back.js';
import type { createVerifyTargetActivities } from '../activities/verify-target.js';
import type { RepairCounts } from '../src/domain/target-repairs.js';

type VerifyActivities = ReturnType<typeof createVerifyTargetActivities>;

/**
 * The target-verification stage of a full sync, run as activities (workflows/target-read-back.ts
 * says in which order). Returns what was found to repair, or undefined when the tenant's policy
 * is `verifyTarget: never`.
 */
export async function verifyTarget(
  run: { runId: string; tenantId: string; providerId: string; dryRun: boolean },
  retry: { maximumAttempts: number; initialInterval: string; backoffCoefficient: number },
): Promise<RepairCounts | undefined> {
  // Heartbeats every 5 s (activities/keep-alive.ts): a dead worker's slice is retried elsewhere within 20 s.
  const activities = proxyActivities<VerifyActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry });
  // Ranges go through the task queue, never eagerly to the worker holding this workflow.
  const shared = proxyActivities<VerifyActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry, allowEagerDispatch: false });
  return readBackTarget(
    {
      planTargetVerify: activities.planTargetVerify,
      verifyTargetListing: activities.verifyTargetListing,
      verifyTargetRange: shared.verifyTargetListing,
      verifyTargetLookups: activities.verifyTargetLookups,
      settleTargetVerify: activities.settleTargetVerify,
      listInRanges: () => patched(LISTING_RANGES),
    },
    run,
  );
}
