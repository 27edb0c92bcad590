import type { RouteHandler } from '@hono/zod-openapi';
import { startSyncs, stopSyncs, syncStatuses, type ProviderRun } from '../../../admin/index.js';
import { listSyncRuns } from '../../../db/queries/sync-runs.js';
import type { SyncScope } from '../../../domain/sync-scope.js';
import { adminCallerOf } from '../../admin-context.js';
import type { ApiDeps, AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { syncControlOf } from './sync-control-deps.js';
import { syncRunView, uiLink } from './sync-views.js';
import type { startSync, stopSync, syncHistory, syncStatus } from './sync.routes.js';

const runView = (deps: ApiDeps, run: ProviderRun) => ({ ...run, uiUrl: uiLink(deps.temporal, run.workflowId, run.runId) });

export const start: RouteHandler<typeof startSync, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const scope: SyncScope | undefined = body.mode === 'selective' ? { ...(body.entities ? { entities: body.entities } : {}), ...body.filters } : undefined;
  const request = { mode: body.mode, dryRun: body.dryRun ?? false, scope };
  const outcome = await startSyncs(syncControlOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, body.providerId, request);
  const alreadyRunning = outcome.alreadyRunning.map((run) => runView(deps, run));
  if (outcome.started.length === 0) {
    throw new ApiError(409, 'sync_already_running', 'a sync is already running for every selected provider', { running: alreadyRunning });
  }
  return c.json({ started: outcome.started.map((run) => runView(deps, run)), alreadyRunning }, 202);
};

export const status: RouteHandler<typeof syncStatus, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  const statuses = await syncStatuses(syncControlOf(deps), tenant_id);
  const providers = statuses.map(({ provider, running, lastRun }) => ({
    providerId: provider.id,
    name: provider.name,
    kind: provider.kind,
    enabled: provider.enabled,
    running: running
      ? {
          providerId: provider.id,
          workflowId: running.workflowId,
          runId: running.runId,
          uiUrl: uiLink(deps.temporal, running.workflowId, running.runId),
          progress: 'progress' in running.progress ? running.progress.progress : null,
          ...('error' in running.progress ? { progressError: running.progress.error } : {}),
        }
      : null,
    lastRun: lastRun ? syncRunView(deps.temporal, lastRun) : null,
  }));
  return c.json({ providers }, 200);
};

export const stop: RouteHandler<typeof stopSync, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { providerId } = c.req.valid('json');
  const deps = c.get('deps');
  const cancelled = await stopSyncs(syncControlOf(deps), adminCallerOf(c.get('principal'), deps), tenant_id, providerId);
  return c.json({ cancelled: cancelled.map((run) => runView(deps, run)) }, 202);
};

export const history: RouteHandler<typeof syncHistory, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const query = c.req.valid('query');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const rows = await listSyncRuns(deps.db, { tenantId: tenant_id, ...query });
  return c.json({ items: rows.map((row) => syncRunView(deps.temporal, row)), limit: query.limit, offset: query.offset }, 200);
};
