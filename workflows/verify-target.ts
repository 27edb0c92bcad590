import { patched, proxyActivities } from '@temporalio/workflow';
import { runUntilEnd } from './run-pool.js';
import { LISTING_LANES, LISTING_RANGES } from './sync-fan-out.js';
import type { createVerifyTargetActivities } from '../activities/verify-target.js';
import { addRepairCounts, emptyRepairCounts, type RepairCounts } from '../src/domain/target-repairs.js';

type VerifyActivities = ReturnType<typeof createVerifyTargetActivities>;
type ListingStep = Awaited<ReturnType<VerifyActivities['verifyTargetListing']>>;

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
  // Ranges go through the task queue, never eagerly to the worker holding this workflow.
  const shared = proxyActivities<VerifyActivities>({ startToCloseTimeout: '30 minutes', heartbeatTimeout: '20 seconds', retry, allowEagerDispatch: false });
  const { resourceTypes } = await activities.planTargetVerify(run);
  if (resourceTypes.length === 0) return undefined;
  const repairs = emptyRepairCounts();
  for (const resourceType of resourceTypes) {
    let listing: ListingStep | undefined;
    if (patched(LISTING_RANGES)) {
      // The first call learns how the target pages; the rest of the listing is read in ranges.
      listing = await activities.verifyTargetListing({ ...run, resourceType, cursor: null });
      addRepairCounts(repairs, listing.repairs);
      if (listing.cursor && listing.fallback === null) {
        const origin = listing.cursor;
        const rangeSize = origin.startIndex - 1;
        let fallback: string | null = null;
        // A range that runs out before its end found the end of the listing: none after it has anything.
        await runUntilEnd(
          0,
          LISTING_LANES,
          async (index) => {
            const startIndex = origin.startIndex + rangeSize * index;
            const range = await shared.verifyTargetListing({
              ...run,
              resourceType,
              cursor: { startIndex, largestPage: origin.largestPage },
              until: startIndex + rangeSize,
            });
            addRepairCounts(repairs, range.repairs);
            fallback ??= range.fallback;
            return range.cursor === null;
          },
          () => fallback !== null,
        );
        listing = { cursor: null, fallback, repairs: emptyRepairCounts() };
      }
    } else {
      do {
        listing = await activities.verifyTargetListing({ ...run, resourceType, cursor: listing?.cursor ?? null });
        addRepairCounts(repairs, listing.repairs);
      } while (listing.cursor);
    }
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
