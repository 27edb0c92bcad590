import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ChangeFeedLayout, ProviderKind } from '../domain/sis-provider.js';
import type { RosterKind } from '../domain/roster.js';
import type { SyncScope } from '../domain/sync-scope.js';
import type { PlanSummary, SyncCounts, SyncMode, SyncTrigger } from '../domain/sync-vocabulary.js';

/**
 * The contract between the sync workflow and whoever starts or watches it (API, schedules,
 * webhooks, tests). Pure definitions only: imported by workflow code and by clients alike.
 * Inputs and outputs carry ids and counts, never roster records or credentials.
 */

export const TENANT_SYNC_WORKFLOW = 'tenantSync';
/** What provider schedules start: a thin parent that runs tenantSync under its fixed id. */
export const SCHEDULED_SYNC_WORKFLOW = 'scheduledSync';

export type { SyncScope } from '../domain/sync-scope.js';
export type { PlanSummary, SyncCounts } from '../domain/sync-vocabulary.js';
export { emptyCounts } from '../domain/sync-vocabulary.js';

export interface TenantSyncInput {
  tenantId: string;
  providerId: string;
  mode: SyncMode;
  trigger: SyncTrigger;
  dryRun?: boolean;
  scope?: SyncScope;
  /** Where an incremental run's changes come from: the SIS change feed (default) or stored webhook events. */
  eventSource?: 'sis' | 'webhook';
  /** Set by the workflow itself when it continues as new; never by callers. */
  continuation?: SyncContinuation;
}

/** What prepareRun settled for a run; carried across continue-as-new. References only. */
export interface PreparedRunRef {
  runId: string;
  fetchKinds: RosterKind[];
  maxAttempts: number;
  /** How long an outage is waited out (OUTAGE_BUDGET_MINUTES); absent in runs started before it existed. */
  outageBudgetSeconds?: number;
  approvalTimeoutSeconds: number;
  /** History events after which the run continues as new (well under the 50K limit). */
  historyBudget: number;
  providerKind: ProviderKind;
  /** How the provider's change feed is laid out: an incremental run walks one stream, or one delta per kind. */
  changeFeed: ChangeFeedLayout;
  /** The SIS pages by offset: a kind's pages can be fetched side by side (absent in runs started before). */
  offsetPaging?: boolean;
  /** The mode this run really uses: an incremental without a usable cursor falls back to full. */
  mode: 'full' | 'incremental';
  /** Incremental: where the previous run left off (Clever event id / OneRoster timestamp). */
  since: string | null;
  /** The high-water mark to store once this run's changes are applied. */
  highWater: string | null;
  message: string | null;
}

/** Where a continued run picks up. */
export interface SyncContinuation extends PreparedRunRef {
  stage:
    | {
        name: 'fetch';
        kindIndex: number;
        cursor: string | null;
        page: number;
        /** The target was already read back (alongside the fetch) before the run continued as new. */
        verified?: boolean;
      }
    | { name: 'changes'; kindIndex: number; cursor: string | null }
    | { name: 'plan'; part: number; parts: number }
    | { name: 'apply'; plan: PlanSummary; phaseIndex: number; batchIndex: number };
  counts: SyncCounts;
}

type SyncPhase =
  | 'preparing'
  | 'fetching'
  | 'transforming'
  | 'verifying'
  | 'planning'
  | 'awaiting_approval'
  | 'applying'
  | 'reconciling_seats'
  | 'finishing'
  | 'completed'
  | 'failed'
  | 'cancelled';

export interface SyncProgress {
  runId: string | null;
  tenantId: string;
  providerId: string;
  mode: SyncMode;
  dryRun: boolean;
  phase: SyncPhase;
  /** The roster kind being fetched or transformed, when in those phases. */
  kind: RosterKind | null;
  counts: SyncCounts;
  /** Held deprovisions awaiting approveDeletions / discardDeletions (the list is in the API). */
  heldDeletions: number;
  message: string | null;
}

export interface TenantSyncResult {
  runId: string;
  status: 'completed' | 'failed' | 'cancelled';
  counts: SyncCounts;
  message: string | null;
}

export interface DeletionDecision {
  /** API token id or `admin`, recorded in the audit log. */
  actor: string;
}

export const progressQuery = defineQuery<SyncProgress>('progress');
export const approveDeletionsUpdate = defineUpdate<{ approved: number }, [DeletionDecision]>('approveDeletions');
export const discardDeletionsUpdate = defineUpdate<{ discarded: number }, [DeletionDecision]>('discardDeletions');

/** One id per (tenant, provider): Temporal refuses a second running sync for the pair. */
export function syncWorkflowId(tenantId: string, providerId: string): string {
  return `sync/${tenantId}/${providerId}`;
}
