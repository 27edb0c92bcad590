import { proxyActivities } from '@temporalio/workflow';
import type { createVerifyTargetActivities } from '../activities/verify-target.js';
import { addRepairCounts, emptyRepairCounts, type RepairCounts } from '../src/domain/target-repairs.js';

type VerifyActivities = ReturnType<typeof createVerifyTargetActivities>;

/**
 * The target-verification stage of a full sync (activities/verify-target.ts): Users, then
 * Groups (their members refer to users' SCIM ids, which the Users pass may have corrected).
 * Each resource type is listed page by page; a listing the target cannot page correctly
 * falls back to looking up each recorded resource. Returns what was found to repair, or
 * undefined when the tenant's policy is `verifyTarget: never`.
 */
export async function verifyTarget(
  run: { runId: string; tenantId: string; providerId: string; dryRun: boolean },
  retry: { maximumAttempts: number; initialInterval: string; backoffCoefficient: number },
): Promise<RepairCounts | undefined> {
  // Heartbeats every 5 s (activities/keep-alive.ts): a dead worker's slice is retried elsewhere within 20 s.
  const activities = proxyActivities<VerifyActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry });
  const { resourceTypes } = await activities.planTargetVerify(run);
  if (resourceTypes.length === 0) return undefined;
  const repairs = emptyRepairCounts();
  for (const resourceType of resourceTypes) {
    let listing: Awaited<ReturnType<VerifyActivities['verifyTargetListing']>> | undefined;
    do {
      listing = await activities.verifyTargetListing({ ...run, resourceType, cursor: listing?.cursor ?? null });
      addRepairCounts(repairs, listing.repairs);
    } while (listing.cursor);
    if (listing.fallback !== null) {
      let lookups: Awaited<ReturnType<VerifyActivities['verifyTargetLookups']>> | undefined;
      do {
        lookups = await activities.verifyTargetLookups({ ...run, resourceType, after: lookups?.after ?? '' });
        addRepairCounts(repairs, lookups.repairs);
      } while (lookups.after !== null);
    }
    addRepairCounts(repairs, await activities.settleTargetVerify({ ...run, resourceType }));
  }
  return repairs;
}
