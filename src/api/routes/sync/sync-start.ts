import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { recordAudit } from '../../../db/queries/audit-log.js';
import type { ProviderRow } from '../../../db/queries/providers.js';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from '../../../temporal/search-attributes.js';
import { syncWorkflowId, TENANT_SYNC_WORKFLOW, type SyncScope, type TenantSyncInput } from '../../../temporal/sync-contract.js';
import type { ApiDeps } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import type { Principal } from '../../auth/principal.js';
import { findRunningSync, type RunningSync } from './running-syncs.js';

export interface SyncRequest {
  mode: TenantSyncInput['mode'];
  dryRun: boolean;
  scope: SyncScope | undefined;
}

export type StartOutcome = { started: true; run: RunningSync } | { started: false; running: RunningSync };

/**
 * Starts `tenantSync` by name (the API never imports workflow code). The fixed workflow id
 * with conflict policy FAIL makes Temporal refuse a second API-started run of the pair while
 * one runs; reuse is allowed once it has closed. Schedule-started runs have their own ids,
 * so they are looked up first. The sync_runs row is written by the workflow (prepareRun),
 * keyed by workflow id and run id, not here.
 */
export async function startProviderSync(deps: ApiDeps, principal: Principal, provider: ProviderRow, request: SyncRequest): Promise<StartOutcome> {
  const { client, taskQueue } = deps.temporal;
  const existing = await findRunningSync(client, provider.tenantId, provider.id);
  if (existing) return { started: false, running: existing };

  const workflowId = syncWorkflowId(provider.tenantId, provider.id);
  const input: TenantSyncInput = {
    tenantId: provider.tenantId,
    providerId: provider.id,
    mode: request.mode,
    trigger: 'api',
    ...(request.dryRun ? { dryRun: true } : {}),
    ...(request.scope ? { scope: request.scope } : {}),
  };
  try {
    const handle = await client.workflow.start(TENANT_SYNC_WORKFLOW, {
      workflowId,
      taskQueue,
      args: [input],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [
        { key: TENANT_ID, value: provider.tenantId },
        { key: SIS_PROVIDER, value: provider.kind },
        { key: SYNC_MODE, value: request.mode },
        { key: SYNC_TRIGGER, value: 'api' },
      ],
      staticSummary: `${request.dryRun ? 'dry-run ' : ''}${request.mode} sync of ${provider.name} (${provider.kind}) for ${provider.tenantId}`,
    });
    const run = { workflowId, runId: handle.firstExecutionRunId };
    await recordAudit(
      deps.db,
      apiAudit(principal, provider.tenantId, 'sync.start', { type: 'provider', id: provider.id }, 'success', { ...run, mode: request.mode, dryRun: request.dryRun }),
    );
    return { started: true, run };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const description = await client.workflow.getHandle(workflowId).describe();
    return { started: false, running: { workflowId, runId: description.runId } };
  }
}
