import type { ResourceType } from '../src/db/queries/target-verify.js';
import type { RepairCounts } from '../src/domain/target-repairs.js';
import type { ListCursor } from '../src/scim/index.js';
import type { VerifyScope } from '../src/sync/verify/compare-read-back.js';
import { verifyByListing, verifyByLookup, type ListingStep, type LookupStep } from '../src/sync/verify/read-back.js';
import { settleUnseen } from '../src/sync/verify/settle-unseen.js';
import { loadSyncTarget } from '../src/sync/sync-target.js';
import { refreshPlannerStatistics } from '../src/sync/planner-statistics.js';
import { withFailureTypes } from './failures.js';
import { withKeepAlive } from './keep-alive.js';
import { createSyncClients, type RunRef } from './sync-clients.js';
import type { SyncActivityDeps } from './sync-deps.js';

type VerifyRef = RunRef & { dryRun: boolean };

/**
 * Target verification, a stage of full syncs before planning: read what the bridge manages
 * back from the SCIM target and correct the bridge's record of what it applied to what the
 * target really holds, so the plan repairs the drift. Each call reads a bounded slice (pages
 * or lookups) and heartbeats; the workflow loops over them. Only counts and a paging cursor
 * (no resource data) cross into workflow history.
 */
export function createVerifyTargetActivities(deps: SyncActivityDeps) {
  const clients = createSyncClients(deps);
  const scopeOf = (input: VerifyRef): VerifyScope => ({ tenantId: input.tenantId, providerId: input.providerId, runId: input.runId, dryRun: input.dryRun });

  return {
    /** Whether this run verifies the target (tenant policy `verifyTarget`), and which resource types. */
    async planTargetVerify(input: RunRef): Promise<{ resourceTypes: ResourceType[] }> {
      return withFailureTypes(async () => {
        const { settings } = await loadSyncTarget(deps.db, input.tenantId, input.providerId);
        if (settings.verifyTarget === 'never') return { resourceTypes: [] };
        // The last statistics may date from before the previous run applied anything: with them
        // the read-back's member lookups ran as nested loops over every applied user.
        await refreshPlannerStatistics(deps.db);
        const scim = await clients.scim(input);
        return { resourceTypes: scim.capabilities.groups ? ['User', 'Group'] : ['User'] };
      });
    },

    /** About 5,000 resources of one resource type's listing (or the range before `until`), compared with the record. */
    async verifyTargetListing(input: VerifyRef & { resourceType: ResourceType; cursor: ListCursor | null; until?: number }): Promise<ListingStep> {
      return withFailureTypes(async () =>
        withKeepAlive(
          () => ({ resourceType: input.resourceType, startIndex: input.cursor?.startIndex ?? 1 }),
          async () =>
            verifyByListing(deps.db, await clients.scim(input), scopeOf(input), input.resourceType, input.cursor, {
              until: input.until,
              perCall: deps.sync.verifyResourcesPerCall,
            }),
        ),
      );
    },

    /** The next 500 recorded resources not met by the listing, each looked up on the target. */
    async verifyTargetLookups(input: VerifyRef & { resourceType: ResourceType; after: string }): Promise<LookupStep> {
      return withFailureTypes(async () =>
        withKeepAlive(
          () => ({ resourceType: input.resourceType, lookups: true }),
          async () => verifyByLookup(deps.db, await clients.scim(input), scopeOf(input), input.resourceType, input.after),
        ),
      );
    },

    /** What the read-back did not meet is missing on the target (or found under a new id). */
    async settleTargetVerify(input: VerifyRef & { resourceType: ResourceType }): Promise<RepairCounts> {
      return withFailureTypes(async () =>
        withKeepAlive(
          () => ({ resourceType: input.resourceType, settling: true }),
          () => settleUnseen(deps.db, scopeOf(input), input.resourceType),
        ),
      );
    },
  };
}
