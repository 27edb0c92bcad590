import { runUntilEnd } from './run-pool.js';
import { LISTING_LANES } from './sync-fan-out.js';
import type { createVerifyTargetActivities } from '../activities/verify-target.js';
import { addRepairCounts, emptyRepairCounts, type RepairCounts } from '../src/domain/target-repairs.js';

type VerifyActivities = ReturnType<typeof createVerifyTargetActivities>;
type ListingStep = Awaited<ReturnType<VerifyActivities['verifyTargetListing']>>;

/**
 * How the read-back reaches its activities. The workflow passes its activity proxies (`range`
 * through the task queue, never eagerly to the worker holding the workflow); the plain-loop
 * baseline passes the activity functions themselves, so both run this one order of calls.
 */
export interface ReadBackCalls {
  planTargetVerify: VerifyActivities['planTargetVerify'];
  verifyTargetListing: VerifyActivities['verifyTargetListing'];
  verifyTargetRange: VerifyActivities['verifyTargetListing'];
  verifyTargetLookups: VerifyActivities['verifyTargetLookups'];
  settleTargetVerify: VerifyActivities['settleTargetVerify'];
  /** Whether a listing is read in ranges after its first call (the workflow's patched() marker); else call after call. */
  listInRanges: () => boolean;
}

/**
 * The target-verification stage of a full sync (activities/verify-target.ts): Users, then
 * Groups (their members refer to users' SCIM ids, which the Users pass may have corrected).
 * Each resource type is listed page by page; a listing the target cannot page correctly
 * falls back to looking up each recorded resource. Returns what was found to repair, or
 * undefined when the tenant's policy is `verifyTarget: never`. Deterministic in workflow code:
 * it only awaits the calls it is given.
 */
export async function readBackTarget(
  calls: ReadBackCalls,
  run: { runId: string; tenantId: string; providerId: string; dryRun: boolean },
): Promise<RepairCounts | undefined> {
  const { resourceTypes } = await calls.planTargetVerify(run);
  if (resourceTypes.length === 0) return undefined;
  const repairs = emptyRepairCounts();
  for (const resourceType of resourceTypes) {
    let listing: ListingStep | undefined;
    if (calls.listInRanges()) {
      // The first call learns how the target pages; the rest of the listing is read in ranges.
      listing = await calls.verifyTargetListing({ ...run, resourceType, cursor: null });
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
            const range = await calls.verifyTargetRange({
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
        listing = await calls.verifyTargetListing({ ...run, resourceType, cursor: listing?.cursor ?? null });
        addRepairCounts(repairs, listing.repairs);
      } while (listing.cursor);
    }
    if (listing.fallback !== null) {
      let lookups: Awaited<ReturnType<VerifyActivities['verifyTargetLookups']>> | undefined;
      do {
        lookups = await calls.verifyTargetLookups({ ...run, resourceType, after: lookups?.after ?? '' });
        addRepairCounts(repairs, lookups.repairs);
      } while (lookups.after !== null);
    }
    addRepairCounts(repairs, await calls.settleTargetVerify({ ...run, resourceType }));
  }
  return repairs;
}
