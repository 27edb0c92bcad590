import type { SyncRunRow } from '../../../db/queries/sync-runs.js';
import { workflowUiLink } from '../../../temporal/client.js';
import type { ApiTemporal } from '../../app-env.js';
import { iso } from '../../openapi/common.js';

export function uiLink(temporal: ApiTemporal, workflowId: string, runId?: string): string | null {
  return temporal.uiUrl ? workflowUiLink(temporal.uiUrl, temporal.namespace, workflowId, runId) : null;
}

export function syncRunView(temporal: ApiTemporal, row: SyncRunRow) {
  return {
    id: row.id,
    providerId: row.providerId,
    workflowId: row.workflowId,
    workflowRunId: row.workflowRunId,
    mode: row.mode,
    trigger: row.trigger,
    dryRun: row.dryRun,
    scope: row.scope ?? null,
    status: row.status,
    counts: row.counts ?? null,
    message: row.message,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
    uiUrl: uiLink(temporal, row.workflowId, row.workflowRunId ?? undefined),
  };
}
