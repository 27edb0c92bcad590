import type { SyncSettings } from '../../activities/sync-deps.js';
import type { Config } from '../config.js';

export function syncSettingsFromConfig(config: Config): SyncSettings {
  return {
    scimDefaults: { ...(config.SCIM_BASE_URL ? { baseUrl: config.SCIM_BASE_URL } : {}), ...(config.SCIM_TOKEN ? { token: config.SCIM_TOKEN } : {}) },
    sisPageSize: config.SIS_PAGE_SIZE ?? Math.max(config.BATCH_SIZE, 1000),
    batchSize: config.BATCH_SIZE,
    maxRetryAttempts: config.MAX_RETRY_ATTEMPTS,
    outageBudgetSeconds: Math.round(config.OUTAGE_BUDGET_MINUTES * 60),
    scimConcurrency: 8,
    fullSyncIntervalSeconds: config.FULL_SYNC_INTERVAL,
    historyBudget: 6000,
    ...(config.PLAN_PART_SIZE ? { planPartSize: config.PLAN_PART_SIZE } : {}),
  };
}
