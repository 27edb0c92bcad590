import type { RouteHandler } from '@hono/zod-openapi';
import { decideHeldDeletions, listHeldDeletions } from '../../../admin/index.js';
import { adminCallerOf } from '../../admin-context.js';
import type { AppEnv } from '../../app-env.js';
import { syncControlOf } from './sync-control-deps.js';
import type { approveDeletions, discardDeletions, listHeldDeletions as listHeldDeletionsRoute } from './deletions.routes.js';

export const list: RouteHandler<typeof listHeldDeletionsRoute, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { providerId } = c.req.valid('query');
  const { running, runId, items } = await listHeldDeletions(syncControlOf(c.get('deps')), tenant_id, providerId);
  return c.json(
    {
      providerId,
      workflowId: running.workflowId,
      runId,
      items: items.map((item) => ({ seq: item.seq, op: item.op, resourceType: item.resourceType, sourceId: item.sourceId })),
    },
    200,
  );
};

function decide(decision: 'approve' | 'discard'): RouteHandler<typeof approveDeletions | typeof discardDeletions, AppEnv> {
  return async (c) => {
    const { tenant_id } = c.req.valid('param');
    const { providerId } = c.req.valid('json');
    const deps = c.get('deps');
    const { running, count } = await decideHeldDeletions(syncControlOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, providerId, decision);
    return c.json({ providerId, workflowId: running.workflowId, count }, 200);
  };
}

export const approve = decide('approve');
export const discard = decide('discard');
