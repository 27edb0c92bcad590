import type { SeatReconcileCounts } from '../src/domain/seats/seat-state.js';
import { meteredScimTransport } from '../src/metrics/metered-fetch.js';
import { connectScimClient, pooledTransport } from '../src/scim/index.js';
import { reconcileSeats, type SeatRunRef } from '../src/seats/reconcile-seats.js';
import type { SeatSettings } from '../src/seats/seat-settings.js';
import { loadScimTarget } from '../src/sync/sync-target.js';
import { TenantServiceClient } from '../src/tenant-service/tenant-service-client.js';
import { withFailureTypes } from './failures.js';
import { withKeepAlive } from './keep-alive.js';
import type { SyncActivityDeps } from './sync-deps.js';

export interface SeatActivityDeps extends SyncActivityDeps {
  seats?: SeatSettings;
}

/**
 * Seat activities. `reconcileSeats` runs at the end of every sync (and after webhook
 * batches): references in, counts out; who holds a seat stays in Postgres.
 */
export function createSeatActivities(deps: SeatActivityDeps) {
  const tenantService = deps.seats?.tenantService ? new TenantServiceClient(deps.seats.tenantService) : undefined;
  const now = deps.seats?.now ?? (() => new Date());
  return {
    async reconcileSeats(input: SeatRunRef): Promise<SeatReconcileCounts> {
      return withFailureTypes(() =>
        withKeepAlive(
          () => ({ seats: input.runId }),
          () =>
            reconcileSeats(
              {
                db: deps.db,
                now,
                ...(tenantService ? { tenantService } : {}),
                loadScimTarget: () => loadScimTarget(deps.db, deps.secrets, input.tenantId, deps.sync.scimDefaults),
                connectScim: (target) =>
                  connectScimClient({ ...target, concurrency: deps.sync.scimConcurrency, transport: meteredScimTransport(pooledTransport) }),
              },
              input,
            ),
        ),
      );
    },
  };
}
