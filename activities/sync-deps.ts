import type { Database } from '../src/db/database.js';
import type { SecretStore } from '../src/secrets/secret-store.js';
import type { ScimDefaults } from '../src/sync/sync-target.js';

/** Settings the sync activities take from config, resolved by the worker's composition root. */
export interface SyncSettings {
  scimDefaults: ScimDefaults;
  /** SIS page size. */
  sisPageSize: number;
  /** Plan items per apply batch (BATCH_SIZE). */
  batchSize: number;
  /** Activity attempts (MAX_RETRY_ATTEMPTS). */
  maxRetryAttempts: number;
  /** How long a run waits out an outage before it fails (OUTAGE_BUDGET_MINUTES, in seconds). */
  outageBudgetSeconds: number;
  /** Concurrent SCIM requests per batch. */
  scimConcurrency: number;
  /** A scheduled incremental run becomes full when the last full sync is older than this. */
  fullSyncIntervalSeconds: number;
  /** Workflow history events after which a sync continues as new (operators' budget: 10K). */
  historyBudget: number;
  /** Keys per planning part (default 2000): bounds each part's work; smaller means more parts to share out. */
  planPartSize?: number;
  /** Resources per target read-back call (default 5000): also the size of the ranges a long listing is read in. */
  verifyResourcesPerCall?: number;
}

export interface SyncActivityDeps {
  db: Database;
  secrets: SecretStore;
  sync: SyncSettings;
}

/**
 * In-process defaults (tests, benches): no outage waiting unless a caller asks for it.
 * @internal for tests and benches; a worker takes its settings from config
 */
export const DEFAULT_SYNC_SETTINGS: SyncSettings = {
  scimDefaults: {},
  sisPageSize: 1000,
  batchSize: 100,
  maxRetryAttempts: 3,
  outageBudgetSeconds: 0,
  scimConcurrency: 8,
  fullSyncIntervalSeconds: 86_400,
  historyBudget: 6000,
};
