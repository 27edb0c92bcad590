import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { eventsArrivedSignal, PROVIDER_EVENTS_WORKFLOW, providerEventsWorkflowId, type ProviderEventsInput } from './provider-events-contract.js';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from './search-attributes.js';
import {
  approveDeletionsUpdate,
  discardDeletionsUpdate,
  progressQuery,
  syncWorkflowId,
  TENANT_SYNC_WORKFLOW,
  type SyncProgress,
  type SyncScope,
  type TenantSyncInput,
} from './sync-contract.js';

/**
 * What the API asks of Temporal about syncs: start one, find the running one, ask its
 * progress, cancel it, decide its held deletions, and wake a provider's event workflow.
 * Workflows are addressed by name, never imported: the API process holds no workflow code.
 */

export interface RunningSync {
  workflowId: string;
  runId: string;
}

/** Who a sync is for, as its search attributes and Web UI summary show it. */
export interface SyncTarget {
  tenantId: string;
  providerId: string;
  providerKind: 'clever' | 'classlink';
  providerName: string;
}

export interface SyncRequest {
  mode: TenantSyncInput['mode'];
  dryRun: boolean;
  scope: SyncScope | undefined;
}

export type StartOutcome = { started: true; run: RunningSync } | { started: false; running: RunningSync };

/**
 * The running sync of a (tenant, provider), however it was started. API starts use the
 * fixed id; schedule starts carry Temporal's appended scheduled time (`sync/t/p-2025-…`), so
 * they are found through visibility by the TenantId search attribute and the id prefix.
 */
export async function findRunningSync(client: Client, tenantId: string, providerId: string): Promise<RunningSync | undefined> {
  const workflowId = syncWorkflowId(tenantId, providerId);
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.status.name === 'RUNNING') return { workflowId, runId: description.runId };
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  // Tenant ids are validated to [A-Za-z0-9_-] by the API, so they are safe inside the quotes.
  const query = `WorkflowType = '${TENANT_SYNC_WORKFLOW}' AND ExecutionStatus = 'Running' AND TenantId = '${tenantId}'`;
  for await (const execution of client.workflow.list({ query })) {
    if (execution.workflowId.startsWith(`${workflowId}-`)) return { workflowId: execution.workflowId, runId: execution.runId };
  }
  return undefined;
}

/** A running workflow answers its progress query at once; a stuck or worker-less one must not hang the API. */
const QUERY_TIMEOUT_MS = 5_000;

export async function queryProgress(client: Client, run: RunningSync): Promise<{ progress: SyncProgress } | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer to the progress query within ${QUERY_TIMEOUT_MS} ms`)), QUERY_TIMEOUT_MS);
  });
  try {
    return { progress: await Promise.race([client.workflow.getHandle(run.workflowId, run.runId).query(progressQuery), timeout]) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts `tenantSync` under the pair's fixed workflow id with conflict policy FAIL, so Temporal
 * refuses a second API-started run while one runs (reuse is allowed once it has closed).
 * Schedule-started runs have their own ids, so they are looked up first. The sync_runs row is
 * written by the workflow (prepareRun), keyed by workflow id and run id, not here.
 */
export async function startTenantSync(client: Client, taskQueue: string, target: SyncTarget, request: SyncRequest): Promise<StartOutcome> {
  const existing = await findRunningSync(client, target.tenantId, target.providerId);
  if (existing) return { started: false, running: existing };

  const workflowId = syncWorkflowId(target.tenantId, target.providerId);
  const input: TenantSyncInput = {
    tenantId: target.tenantId,
    providerId: target.providerId,
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
        { key: TENANT_ID, value: target.tenantId },
        { key: SIS_PROVIDER, value: target.providerKind },
        { key: SYNC_MODE, value: request.mode },
        { key: SYNC_TRIGGER, value: 'api' },
      ],
      staticSummary: `${request.dryRun ? 'dry-run ' : ''}${request.mode} sync of ${target.providerName} (${target.providerKind}) for ${target.tenantId}`,
    });
    return { started: true, run: { workflowId, runId: handle.firstExecutionRunId } };
  } catch (error) {
    if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    const description = await client.workflow.getHandle(workflowId).describe();
    return { started: false, running: { workflowId, runId: description.runId } };
  }
}

/** Requests cancellation: the workflow finishes its current batch and records the run as cancelled. */
export async function cancelSync(client: Client, run: RunningSync): Promise<void> {
  await client.workflow.getHandle(run.workflowId, run.runId).cancel();
}

/** The workflow refused a deletion decision (nothing held, or already decided). */
export class DeletionDecisionRefused extends Error {
  override readonly name = 'DeletionDecisionRefused';
}

/** Approves or discards the run's held deprovisions (a Workflow Update); resolves to how many. */
export async function decideDeletions(client: Client, run: RunningSync, decision: 'approve' | 'discard', actor: string): Promise<number> {
  const handle = client.workflow.getHandle(run.workflowId, run.runId);
  const args: [{ actor: string }] = [{ actor }];
  try {
    return decision === 'approve'
      ? (await handle.executeUpdate(approveDeletionsUpdate, { args })).approved
      : (await handle.executeUpdate(discardDeletionsUpdate, { args })).discarded;
  } catch (error) {
    if (!(error instanceof WorkflowUpdateFailedError)) throw error;
    throw new DeletionDecisionRefused(error.cause?.message ?? error.message);
  }
}

/**
 * Signal-with-start of the provider's event workflow. The signal carries a count only: the
 * events stay in Postgres, and workflow history stays free of roster data.
 */
export async function wakeProviderEvents(client: Client, taskQueue: string, target: SyncTarget, count: number): Promise<void> {
  const input: ProviderEventsInput = { tenantId: target.tenantId, providerId: target.providerId };
  await client.workflow.signalWithStart(PROVIDER_EVENTS_WORKFLOW, {
    workflowId: providerEventsWorkflowId(target.tenantId, target.providerId),
    taskQueue,
    args: [input],
    signal: eventsArrivedSignal,
    signalArgs: [{ count }],
    typedSearchAttributes: [
      { key: TENANT_ID, value: target.tenantId },
      { key: SIS_PROVIDER, value: target.providerKind },
      { key: SYNC_TRIGGER, value: 'webhook' },
    ],
    staticSummary: `webhook events of ${target.providerName} (${target.providerKind}) for ${target.tenantId}`,
  });
}
