import { Context } from '@temporalio/activity';
import { claimPendingEvents } from '../src/db/queries/webhook-events.js';
import { meteredSisFetch } from '../src/metrics/metered-fetch.js';
import { createSisClient } from '../src/providers/index.js';
import { mirrorWebhookEvents } from '../src/sync/mirror-webhook-events.js';
import { loadSisConnection, loadSyncTarget } from '../src/sync/sync-target.js';
import { withFailureTypes } from './failures.js';
import { withKeepAlive } from './keep-alive.js';
import { createSyncClients, type RunRef } from './sync-clients.js';
import type { SyncActivityDeps } from './sync-deps.js';

/** Events claimed (and applied to the mirror) per activity call. */
const EVENTS_PER_PAGE = 1000;

/**
 * The webhook side of an incremental run: stored events instead of the SIS change feed. The
 * run's finishRun marks its claimed events applied (completed) or pending again (otherwise).
 */
export function createWebhookActivities(deps: SyncActivityDeps) {
  const clients = createSyncClients(deps);
  return {
    /**
     * Claims up to 1000 pending events of the provider for the run and applies them to the
     * mirror in one transaction: a crash or retry before commit leaves them pending, so each
     * event reaches the mirror exactly once per claim.
     */
    async applyWebhookEventsPage(run: RunRef): Promise<{ count: number; more: boolean }> {
      return withFailureTypes(async () => {
        const signal = Context.current().cancellationSignal;
        return withKeepAlive(
          () => ({ runId: run.runId }),
          async () => {
            const connection = await loadSisConnection(deps.db, deps.secrets, run.tenantId, run.providerId, deps.sync.sisPageSize);
            const sis = createSisClient(connection, { fetch: meteredSisFetch(connection.kind) });
            const lookups = await clients.lookups(run, (await loadSyncTarget(deps.db, run.tenantId, run.providerId)).settings);
            return deps.db.transaction(async (tx) => {
              const events = await claimPendingEvents(tx, { providerId: run.providerId, runId: run.runId, limit: EVENTS_PER_PAGE });
              await mirrorWebhookEvents(tx, sis, run, lookups, events, signal);
              return { count: events.length, more: events.length === EVENTS_PER_PAGE };
            });
          },
        );
      });
    },
  };
}
