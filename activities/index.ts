import { createSmokeCheckActivities } from './smoke-check.js';
import { createSyncActivities } from './sync.js';
import type { SyncActivityDeps } from './sync-deps.js';

/** Everything activities may touch, built once by the worker's composition root. */
export type ActivityDeps = SyncActivityDeps;

/** Workflows proxy `ReturnType<typeof createActivities>`; keep every factory merged here. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeCheckActivities(deps),
    ...createSyncActivities(deps),
  };
}
