import { proxyActivities } from '@temporalio/workflow';
import type { createNotificationActivities } from '../activities/notifications.js';
import type { NotificationEvent } from '../src/domain/notifications.js';

type NotificationActivities = ReturnType<typeof createNotificationActivities>;

export interface DeliverNotificationsInput {
  event: NotificationEvent;
  /** The endpoints subscribed when the event was raised. */
  endpointIds: string[];
}

export interface DeliverNotificationsResult {
  delivered: number;
  skipped: number;
  /** Endpoints that never answered 2xx within the retry policy. */
  failed: number;
}

/**
 * Delivers one event to each subscribed endpoint, independently: a dead receiver keeps
 * retrying without holding up the others. 100 attempts, 1 s doubling to at most 15 min
 * between them, is about a day of retries (at-least-once; receivers de-duplicate by event id).
 */
const { deliverNotification } = proxyActivities<NotificationActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '15 minutes', maximumAttempts: 100 },
});

export async function deliverNotifications(input: DeliverNotificationsInput): Promise<DeliverNotificationsResult> {
  const results = await Promise.allSettled(input.endpointIds.map((endpointId) => deliverNotification({ endpointId, event: input.event })));
  return {
    delivered: results.filter((result) => result.status === 'fulfilled' && result.value === 'delivered').length,
    skipped: results.filter((result) => result.status === 'fulfilled' && result.value === 'skipped').length,
    failed: results.filter((result) => result.status === 'rejected').length,
  };
}
