import type { SyncControlDeps } from '../../../admin/index.js';
import type { ApiDeps } from '../../app-env.js';

/** What the sync services need of the API's dependencies: the database and the Temporal client. */
export const syncControlOf = (deps: ApiDeps): SyncControlDeps => ({ db: deps.db, client: deps.temporal.client, taskQueue: deps.temporal.taskQueue });
