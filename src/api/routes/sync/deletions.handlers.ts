import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { listHeldItems } from '../../../db/queries/sync-plan-items.js';
import { decideDeletions, DeletionDecisionRefused, findRunningSync, queryProgress, type RunningSync } from '../../../temporal/api-client.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { actorOf } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import { requireProvider } from '../../lookups.js';
import type { approveDeletions, discardDeletions, listHeldDeletions } from './deletions.routes.js';

type Deps = AppEnv['Variables']['deps'];

async function requireRunning(deps: Deps, tenantId: string, providerId: string): Promise<RunningSync> {
  await requireProvider(deps.db, tenantId, providerId);
  const running = await findRunningSync(deps.temporal.client, tenantId, providerId);
  if (!running) throw new ApiError(404, 'no_running_sync', `no sync of provider ${providerId} is running`);
  return running;
}

/** Held items belong to the running run; its sync_runs id comes from the workflow's progress query. */
export const list: RouteHandler<typeof listHeldDeletions, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { providerId } = c.req.valid('query');
  const deps = c.get('deps');
  const running = await requireRunning(deps, tenant_id, providerId);
  const answer = await queryProgress(deps.temporal.client, running);
  if ('error' in answer) throw new ApiError(502, 'workflow_unresponsive', `the running sync did not answer: ${answer.error}`);
  const runId = answer.progress.runId;
  const items = runId ? await listHeldItems(deps.db, runId) : [];
  return c.json(
    { providerId, workflowId: running.workflowId, runId, items: items.map((item) => ({ seq: item.seq, op: item.op, resourceType: item.resourceType, sourceId: item.sourceId })) },
    200,
  );
};

function decide(decision: 'approve' | 'discard'): RouteHandler<typeof approveDeletions | typeof discardDeletions, AppEnv> {
  return async (c) => {
    const { tenant_id } = c.req.valid('param');
    const { providerId } = c.req.valid('json');
    const deps = c.get('deps');
    const principal = c.get('principal');
    const running = await requireRunning(deps, tenant_id, providerId);
    const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
      recordAudit(deps.db, apiAudit(principal, tenant_id, `sync.deletions.${decision}`, { type: 'provider', id: providerId }, outcome, { ...running, ...details }));
    let count: number;
    try {
      count = await decideDeletions(deps.temporal.client, running, decision, actorOf(principal));
    } catch (error) {
      if (!(error instanceof DeletionDecisionRefused)) throw error;
      await audit('failure', { reason: error.message });
      throw new ApiError(409, 'deletion_decision_rejected', `the sync refused to ${decision}: ${error.message}`);
    }
    await audit('success', { count });
    return c.json({ providerId, workflowId: running.workflowId, count }, 200);
  };
}

export const approve = decide('approve');
export const discard = decide('discard');
