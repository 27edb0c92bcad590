/**
 * The response shapes the CLI reads, as the API documents them in /openapi.json. The CLI talks
 * only HTTP, so it declares what it needs here instead of importing the service's modules.
 */

export interface Tenant {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface Provider {
  id: string;
  tenantId: string;
  kind: 'clever' | 'classlink';
  name: string;
  enabled: boolean;
  connection: { baseUrl: string; districtId?: string };
  webhook: { ipAllowlist: string[]; trustProxy: boolean; secretConfigured: boolean };
  schedule: { scheduleId: string; intervalSeconds: number | null; paused: boolean; nextRunTimes: string[]; lastRunAt: string | null } | null;
}

export interface ScimTarget {
  source: 'tenant' | 'default';
  baseUrl: string;
  dialect: Record<string, unknown>;
  tokenConfigured?: boolean;
  updatedAt: string | null;
}

export interface SyncCounts {
  fetched: number;
  created: number;
  updated: number;
  deprovisioned: number;
  membershipChanges: number;
  failed: number;
  heldDeletions: number;
}

export interface WorkflowRef {
  providerId: string;
  workflowId: string;
  runId: string;
  uiUrl: string | null;
}

export interface SyncProgress {
  runId: string | null;
  phase: string;
  kind: string | null;
  mode: string;
  dryRun: boolean;
  counts: SyncCounts;
  heldDeletions: number;
  message: string | null;
}

export const FINAL_RUN_STATUSES = ['completed', 'failed', 'cancelled'] as const;

export interface SyncRun {
  id: string;
  providerId: string;
  workflowId: string;
  workflowRunId: string | null;
  mode: string;
  trigger: string;
  dryRun: boolean;
  status: 'running' | 'awaiting_approval' | (typeof FINAL_RUN_STATUSES)[number];
  counts: SyncCounts | null;
  message: string | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  uiUrl: string | null;
}

export interface ProviderSyncStatus {
  providerId: string;
  name: string;
  kind: string;
  enabled: boolean;
  running: (WorkflowRef & { progress: SyncProgress | null; progressError?: string }) | null;
  lastRun: SyncRun | null;
}

export interface StartedSyncs {
  started: WorkflowRef[];
  alreadyRunning: WorkflowRef[];
}

export interface HeldDeletions {
  providerId: string;
  workflowId: string;
  runId: string | null;
  items: Array<{ seq: number; op: string; resourceType: 'User' | 'Group'; sourceId: string }>;
}

export interface AuditEntry {
  id: number;
  at: string;
  runId: string | null;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: 'success' | 'failure' | 'skipped';
  details: Record<string, unknown> | null;
}

export interface Page<T> {
  items: T[];
  limit?: number;
  offset?: number;
}
