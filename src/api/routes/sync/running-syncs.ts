import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { progressQuery, syncWorkflowId, TENANT_SYNC_WORKFLOW, type SyncProgress } from '../../../temporal/sync-contract.js';

export interface RunningSync {
  workflowId: string;
  runId: string;
}

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
