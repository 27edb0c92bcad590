import { WorkflowIdReusePolicy } from '@temporalio/common';
import { isCancellation, log, ParentClosePolicy, proxyActivities, startChild } from '@temporalio/workflow';
import type { createNotificationActivities } from '../activities/notifications.js';
import {
  deletionsHeldEvent,
  notificationWorkflowId,
  runFailedEvents,
  seatPoolExhaustedEvents,
  type NotificationEvent,
  type PoolUsage,
  type RunFacts,
} from '../src/domain/notifications.js';
import { deliverNotifications } from './deliver-notifications.js';
import { failureType } from './sync-progress.js';

/**
 * The sync workflow's side of notifications. Each event is handed to its own
 * `deliverNotifications` workflow, started as an abandoned child under the event's id: the
 * sync waits only for the start (never for a receiver), a repeated event id is refused by
 * Temporal instead of being delivered twice, and nothing here can fail the sync.
 */

type NotificationActivities = ReturnType<typeof createNotificationActivities>;
type RunRef = Omit<RunFacts, 'occurredAt'>;

const { notificationEndpointsFor } = proxyActivities<NotificationActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 5 } });

async function notifyInBackground(events: readonly NotificationEvent[]): Promise<void> {
  for (const event of events) {
    try {
      const endpointIds = await notificationEndpointsFor({ tenantId: event.tenantId, type: event.type });
      // No child for a tenant without endpoints: most events go nowhere, and cost one activity.
      if (endpointIds.length === 0) continue;
      await startChild(deliverNotifications, {
        workflowId: notificationWorkflowId(event.id),
        args: [{ event, endpointIds }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
    } catch (error) {
      if (isCancellation(error)) throw error;
      log.warn('notification not started', { eventId: event.id, error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Workflow time, so a replay raises the same event. */
const facts = (run: RunRef): RunFacts => ({ ...run, occurredAt: new Date().toISOString() });

export function notifyRunFailed(run: RunRef, error: unknown): Promise<void> {
  // An activity failure says "Activity task failed"; its cause says why.
  const cause = (error as { cause?: unknown } | null)?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return notifyInBackground(runFailedEvents(facts(run), { type: failureType(error), message }));
}

export function notifyDeletionsHeld(run: RunRef, count: number, approvalTimeoutSeconds: number): Promise<void> {
  return notifyInBackground([deletionsHeldEvent(facts(run), { count, approvalTimeoutSeconds })]);
}

export function notifySeatPoolsExhausted(run: RunRef, reconcile: { waitlisted: number; pools: readonly PoolUsage[] }): Promise<void> {
  return notifyInBackground(seatPoolExhaustedEvents(facts(run), reconcile));
}
