import { recordAudit } from '../db/queries/audit-log.js';
import { getProvider } from '../db/queries/providers.js';
import { listHeldItems, type SyncPlanItemRow } from '../db/queries/sync-plan-items.js';
import { decideDeletions, DeletionDecisionRefused, findRunningSync, queryProgress, type RunningSync } from '../temporal/api-client.js';
import { adminAudit, type AdminCaller } from './admin-deps.js';
import { AdminError } from './admin-error.js';
import type { SyncControlDeps } from './sync-control.js';

async function requireRunning(deps: SyncControlDeps, tenantId: string, providerId: string): Promise<RunningSync> {
  if (!(await getProvider(deps.db, tenantId, providerId))) {
    throw new AdminError('not_found', 'provider_not_found', `tenant "${tenantId}" has no provider ${providerId}`);
  }
  const running = await findRunningSync(deps.client, tenantId, providerId);
  if (!running) throw new AdminError('not_found', 'no_running_sync', `no sync of provider ${providerId} is running`);
  return running;
}

/** The deprovisions the running sync holds over the deletion threshold; its sync_runs id comes from the workflow's progress query. */
export async function listHeldDeletions(
  deps: SyncControlDeps,
  tenantId: string,
  providerId: string,
): Promise<{ running: RunningSync; runId: string | null; items: SyncPlanItemRow[] }> {
  const running = await requireRunning(deps, tenantId, providerId);
  const answer = await queryProgress(deps.client, running);
  if ('error' in answer) throw new AdminError('unavailable', 'workflow_unresponsive', `the running sync did not answer: ${answer.error}`);
  const runId = answer.progress.runId;
  return { running, runId, items: runId ? await listHeldItems(deps.db, runId) : [] };
}

/** Approves or discards the held deprovisions through the running workflow's Update, audited either way. */
export async function decideHeldDeletions(
  deps: SyncControlDeps,
  caller: AdminCaller,
  tenantId: string,
  providerId: string,
  decision: 'approve' | 'discard',
): Promise<{ running: RunningSync; count: number }> {
  const running = await requireRunning(deps, tenantId, providerId);
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
    recordAudit(deps.db, adminAudit(caller, tenantId, `sync.deletions.${decision}`, { type: 'provider', id: providerId }, outcome, { ...running, ...details }));
  let count: number;
  try {
    count = await decideDeletions(deps.client, running, decision, caller.actor);
  } catch (error) {
    if (!(error instanceof DeletionDecisionRefused)) throw error;
    await audit('failure', { reason: error.message });
    throw new AdminError('conflict', 'deletion_decision_rejected', `the sync refused to ${decision}: ${error.message}`);
  }
  await audit('success', { count });
  return { running, count };
}
