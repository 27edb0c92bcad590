import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  CancelledFailure,
  condition,
  continueAsNew,
  executeChild,
  log,
  ParentClosePolicy,
  patched,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { eventsArrivedSignal, type ProviderEventsInput } from '../src/temporal/provider-events-contract.js';
import { syncWorkflowId, type TenantSyncInput } from '../src/temporal/sync-contract.js';
import { tenantSync } from './tenant-sync.js';

/**
 * Events that arrive while a run works wait for it, then go together into the next run, which
 * starts this long after the first of them at the latest (usually at once: the run they
 * waited for took longer)…
 */
const BURST_WINDOW_MS = 250;
/** …or as soon as this many events were announced, whichever comes first. */
const MAX_EVENTS_PER_RUN = 500;
/** Histories written before the adaptive debounce waited this long after every first wake-up. */
const LEGACY_DEBOUNCE_MS = 2000;
/** Each iteration adds about ten history events; a fresh run keeps the history small. */
const ITERATIONS_PER_RUN = 100;
/** While another sync of the pair holds the sync id: 1 s, doubling, at most 30 s between tries. */
const BUSY_RETRY_MAX_MS = 30_000;
/** After a failed run the events are pending again: retry after 5 s, doubling, at most 5 min. */
const FAILURE_RETRY_MAX_MS = 5 * 60_000;

/**
 * The long-lived event workflow of one (tenant, provider), id `events/{tenant}/{provider}`.
 * The webhook routes store verified events in Postgres and signal-with-start this workflow
 * with a payload-free wake-up. It runs `tenantSync` in webhook mode as a child under the
 * pair's fixed sync id: Temporal refuses that id while any other sync of the pair runs, so
 * webhook writes never interleave with a full sync; this workflow waits and retries.
 *
 * The debounce adapts to the load: an event that finds the pair idle (nothing pending, no run
 * in flight) starts its run at once; events arriving while a run works are batched into the
 * next run (see BURST_WINDOW_MS), so a burst costs a few runs, not one per event.
 */
export async function providerEvents(input: ProviderEventsInput): Promise<void> {
  // Workflows already running when this version deployed replay their fixed 2 s debounce.
  const adaptive = patched('adaptive-debounce');
  let announced = input.pendingEvents ?? 0;
  let woken = announced > 0;
  // Workflow time (Date.now() is deterministic here): when the first wake-up of this batch came,
  // and whether it found a run in flight (events carried over by continue-as-new did).
  let firstWakeAt = Date.now();
  let wokenDuringRun = woken;
  let running = false;
  setHandler(eventsArrivedSignal, ({ count }) => {
    if (!woken) {
      firstWakeAt = Date.now();
      wokenDuringRun = running;
    }
    announced += count;
    woken = true;
  });

  let failures = 0;
  for (let iteration = 0; iteration < ITERATIONS_PER_RUN && !workflowInfo().continueAsNewSuggested; iteration += 1) {
    await condition(() => woken);
    const debounceMs = !adaptive ? LEGACY_DEBOUNCE_MS : wokenDuringRun ? BURST_WINDOW_MS : 0;
    // Events that arrived while the previous run worked have waited already: only the rest of the window.
    const remaining = debounceMs - (Date.now() - firstWakeAt);
    if (remaining > 0) await condition(() => announced >= MAX_EVENTS_PER_RUN, remaining);
    // Events arriving from here on wake the next iteration; the run claims whatever is pending.
    woken = false;
    announced = 0;
    running = true;
    const completed = await runWebhookSync(input);
    running = false;
    if (completed) {
      failures = 0;
      continue;
    }
    failures += 1;
    await sleep(Math.min(FAILURE_RETRY_MAX_MS, 5000 * 2 ** (failures - 1)));
    if (!woken) firstWakeAt = Date.now();
    woken = true;
    wokenDuringRun = true;
  }
  await continueAsNew<typeof providerEvents>({ tenantId: input.tenantId, providerId: input.providerId, pendingEvents: woken ? Math.max(announced, 1) : 0 });
}

/** One webhook sync as a child; true when it completed, false when it failed (its events are pending again). */
async function runWebhookSync(input: ProviderEventsInput): Promise<boolean> {
  const request: TenantSyncInput = { tenantId: input.tenantId, providerId: input.providerId, mode: 'incremental', trigger: 'webhook', eventSource: 'webhook' };
  for (let attempt = 0; ; attempt += 1) {
    try {
      await executeChild(tenantSync, {
        workflowId: syncWorkflowId(input.tenantId, input.providerId),
        args: [request],
        // A cancelled event workflow cancels its run, which then records itself as cancelled.
        parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      });
      return true;
    } catch (error) {
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        await sleep(Math.min(BUSY_RETRY_MAX_MS, 1000 * 2 ** attempt));
        continue;
      }
      // This workflow itself is being cancelled (a child's failure or cancellation arrives as ChildWorkflowFailure).
      if (error instanceof CancelledFailure) throw error;
      log.warn('webhook sync failed; its events stay pending', { error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }
}
