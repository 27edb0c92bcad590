import type { Database } from '../db/database.js';
import { listSeatPools } from '../db/queries/seat-pools.js';
import { capacityOf } from '../domain/seats/eligibility.js';
import { utilisationOf, type SeatReconcileCounts } from '../domain/seats/seat-state.js';
import type { ScimClient } from '../scim/index.js';
import type { ScimConnection } from '../sync/sync-target.js';
import type { LicensedSeats, TenantServiceClient } from '../tenant-service/tenant-service-client.js';
import { reconcilePoolSeats } from './reconcile-pool-seats.js';
import { reflectSeatGroup } from './reflect-seat-group.js';

export interface SeatReconcileDeps {
  db: Database;
  /**
   * Reads where the tenant's SCIM target is and its token (database and secrets store only).
   * Called before any pool's transaction: a query on the root handle inside one would wait
   * for ever on the embedded single-connection database.
   */
  loadScimTarget: () => Promise<ScimConnection>;
  /** Connects to the target (network only); called only when a seat Group needs a write. */
  connectScim: (target: ScimConnection) => Promise<ScimClient>;
  /** Set when TENANT_SERVICE_URL is configured. */
  tenantService?: TenantServiceClient;
  now: () => Date;
}

export interface SeatRunRef {
  runId: string;
  tenantId: string;
  providerId: string;
}

/**
 * Every pool of the tenant against the provider's current roster: seat moves (with audit)
 * first, then the pool's seat Group on the SCIM side. Re-running with nothing changed
 * writes nothing: no moves, no audit entries, no SCIM requests.
 */
export async function reconcileSeats(deps: SeatReconcileDeps, run: SeatRunRef): Promise<SeatReconcileCounts> {
  const counts: SeatReconcileCounts = { allocated: 0, released: 0, waitlisted: 0, graceStarted: 0, pools: [] };
  const pools = await listSeatPools(deps.db, run.tenantId);
  if (pools.length === 0) return counts;
  const licensed: LicensedSeats | undefined =
    deps.tenantService && pools.some((pool) => pool.sku) ? await deps.tenantService.licensedSeats(run.tenantId) : undefined;
  const now = deps.now();
  const target = pools.some((pool) => pool.scimGroup) ? await deps.loadScimTarget() : undefined;
  let scim: Promise<ScimClient> | undefined;
  const connect = () => {
    if (!target) throw new Error('no SCIM target loaded for a pool without a seat Group');
    return (scim ??= deps.connectScim(target));
  };

  for (const pool of pools) {
    const outcome = await reconcilePoolSeats(deps.db, pool, capacityOf(pool, licensed), { ...run, now });
    for (const change of outcome.changes) {
      if (change.from === change.to) continue;
      if (change.to === 'assigned') counts.allocated += 1;
      if (change.to === 'released') counts.released += 1;
      if (change.to === 'waitlisted') counts.waitlisted += 1;
      if (change.to === 'releasing') counts.graceStarted += 1;
    }
    await reflectSeatGroup(deps.db, connect, pool.id, run);
    counts.pools.push({
      poolId: pool.id,
      capacity: outcome.capacity,
      held: outcome.held,
      waitlisted: outcome.waitlisted,
      utilisation: utilisationOf(outcome.capacity, outcome.held),
    });
  }
  return counts;
}
