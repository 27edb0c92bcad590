import type { Database } from '../src/db/database.js';
import type { SecretStore } from '../src/secrets/secret-store.js';
import { createSmokeCheckActivities } from './smoke-check.js';

/** Everything activities may touch, built once by the worker's composition root. */
export interface ActivityDeps {
  db: Database;
  secrets: SecretStore;
}

/** Workflows proxy `ReturnType<typeof createActivities>`; keep every factory merged here. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeCheckActivities(deps),
  };
}
