import { createNotificationActivities } from './notifications.js';
import { createSeatActivities, type SeatActivityDeps } from './seats.js';
import { createSyncActivities } from './sync.js';
import { createVerifyTargetActivities } from './verify-target.js';
import { createWebhookActivities } from './webhooks.js';

/** Everything activities may touch, built once by the worker's composition root. */
export type ActivityDeps = SeatActivityDeps;

/** Workflows proxy `ReturnType<typeof createActivities>`; keep every factory merged here. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSyncActivities(deps),
    ...createVerifyTargetActivities(deps),
    ...createWebhookActivities(deps),
    ...createSeatActivities(deps),
    ...createNotificationActivities(deps),
  };
}
