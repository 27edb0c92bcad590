import { endpointsSubscribedTo, getNotificationEndpoint, recordDeliveryResult } from '../src/db/queries/notification-endpoints.js';
import type { NotificationEvent, NotificationEventType } from '../src/domain/notifications.js';
import { notificationDeliveries } from '../src/metrics/instruments.js';
import { NotificationDeliveryError, postNotification } from '../src/notifications/deliver.js';
import { withFailureTypes } from './failures.js';
import type { SyncActivityDeps } from './sync-deps.js';

/**
 * Notification delivery. The sync workflow asks which endpoints want an event (ids only);
 * a `deliverNotifications` workflow then POSTs it to each, and Temporal's retry policy
 * repeats a failed POST. The secret is read here, per attempt, and never leaves the worker.
 */
export function createNotificationActivities(deps: SyncActivityDeps) {
  return {
    async notificationEndpointsFor(input: { tenantId: string; type: NotificationEventType }): Promise<string[]> {
      return withFailureTypes(() => endpointsSubscribedTo(deps.db, input.tenantId, input.type));
    },

    /** One signed POST. An endpoint deleted or disabled since the event was raised is skipped. */
    async deliverNotification(input: { endpointId: string; event: NotificationEvent }): Promise<'delivered' | 'skipped'> {
      return withFailureTypes(async () => {
        const endpoint = await getNotificationEndpoint(deps.db, input.event.tenantId, input.endpointId);
        if (!endpoint || !endpoint.enabled) return 'skipped';
        const secret = (await deps.secrets.get(endpoint.secretPath))?.secret;
        if (!secret) return 'skipped';
        try {
          await postNotification(endpoint.url, secret, input.event);
        } catch (error) {
          if (!(error instanceof NotificationDeliveryError)) throw error;
          notificationDeliveries.inc({ event: input.event.type, result: 'failed' });
          await recordDeliveryResult(deps.db, endpoint.id, error.result);
          throw error;
        }
        notificationDeliveries.inc({ event: input.event.type, result: 'delivered' });
        await recordDeliveryResult(deps.db, endpoint.id, 'delivered');
        return 'delivered';
      });
    },
  };
}
