import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { listProviders, type ProviderRow } from '../../../db/queries/providers.js';
import { latestSyncRun, listSyncRuns } from '../../../db/queries/sync-runs.js';
import type { SyncScope } from '../../../domain/sync-scope.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { ApiError } from '../../errors.js';
import { requireProvider, requireTenant } from '../../lookups.js';
import { cancelSync, findRunningSync, queryProgress, startTenantSync } from '../../../temporal/api-client.js';
import { syncRunView, uiLink } from './sync-views.js';
import type { startSync, stopSync, syncHistory, syncStatus } from './sync.routes.js';

type Deps = AppEnv['Variables']['deps'];
type WorkflowRef = { providerId: string; workflowId: string; runId: string; uiUrl: string | null };

/** One named provider (404 if not the tenant's), or every provider of the tenant. */
async function selectProviders(deps: Deps, tenantId: string, providerId: string | undefined, enabledOnly: boolean): Promise<ProviderRow[]> {
  await requireTenant(deps.db, tenantId);
  if (providerId) return [await requireProvider(deps.db, tenantId, providerId)];
  return listProviders(deps.db, tenantId, { enabledOnly });
}

export const start: RouteHandler<typeof startSync, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const providers = await selectProviders(deps, tenant_id, body.providerId, true);
  const disabled = providers.find((provider) => !provider.enabled);
  if (disabled) throw new ApiError(409, 'provider_disabled', `provider ${disabled.id} is disabled; enable it first`);
  if (providers.length === 0) throw new ApiError(409, 'no_enabled_providers', `tenant "${tenant_id}" has no enabled provider`);

  const scope: SyncScope | undefined = body.mode === 'selective' ? { ...(body.entities ? { entities: body.entities } : {}), ...body.filters } : undefined;
  const request = { mode: body.mode, dryRun: body.dryRun ?? false, scope };
  const started: WorkflowRef[] = [];
  const alreadyRunning: WorkflowRef[] = [];
  for (const provider of providers) {
    const target = { tenantId: provider.tenantId, providerId: provider.id, providerKind: provider.kind, providerName: provider.name };
    const outcome = await startTenantSync(deps.temporal.client, deps.temporal.taskQueue, target, request);
    if (outcome.started) {
      const details = { ...outcome.run, mode: request.mode, dryRun: request.dryRun };
      await recordAudit(deps.db, apiAudit(c.get('principal'), tenant_id, 'sync.start', { type: 'provider', id: provider.id }, 'success', details));
    }
    const ref = outcome.started ? outcome.run : outcome.running;
    const view = { providerId: provider.id, ...ref, uiUrl: uiLink(deps.temporal, ref.workflowId, ref.runId) };
    (outcome.started ? started : alreadyRunning).push(view);
  }
  if (started.length === 0) {
    throw new ApiError(409, 'sync_already_running', 'a sync is already running for every selected provider', { running: alreadyRunning });
  }
  return c.json({ started, alreadyRunning }, 202);
};

export const status: RouteHandler<typeof syncStatus, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  const providers = await selectProviders(deps, tenant_id, undefined, false);
  const entries = await Promise.all(
    providers.map(async (provider) => {
      const [running, last] = await Promise.all([findRunningSync(deps.temporal.client, tenant_id, provider.id), latestSyncRun(deps.db, tenant_id, provider.id)]);
      let live = null;
      if (running) {
        const answer = await queryProgress(deps.temporal.client, running);
        live = {
          providerId: provider.id,
          ...running,
          uiUrl: uiLink(deps.temporal, running.workflowId, running.runId),
          progress: 'progress' in answer ? answer.progress : null,
          ...('error' in answer ? { progressError: answer.error } : {}),
        };
      }
      return {
        providerId: provider.id,
        name: provider.name,
        kind: provider.kind,
        enabled: provider.enabled,
        running: live,
        lastRun: last ? syncRunView(deps.temporal, last) : null,
      };
    }),
  );
  return c.json({ providers: entries }, 200);
};

export const stop: RouteHandler<typeof stopSync, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const { providerId } = c.req.valid('json');
  const deps = c.get('deps');
  const providers = await selectProviders(deps, tenant_id, providerId, false);
  const cancelled: WorkflowRef[] = [];
  for (const provider of providers) {
    const running = await findRunningSync(deps.temporal.client, tenant_id, provider.id);
    if (!running) continue;
    // The workflow finishes its current batch and records the run as cancelled.
    await cancelSync(deps.temporal.client, running);
    await recordAudit(deps.db, apiAudit(c.get('principal'), tenant_id, 'sync.stop', { type: 'provider', id: provider.id }, 'success', { ...running }));
    cancelled.push({ providerId: provider.id, ...running, uiUrl: uiLink(deps.temporal, running.workflowId, running.runId) });
  }
  if (cancelled.length === 0) throw new ApiError(404, 'no_running_sync', providerId ? `no sync of provider ${providerId} is running` : `no sync of tenant "${tenant_id}" is running`);
  return c.json({ cancelled }, 202);
};

export const history: RouteHandler<typeof syncHistory, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const query = c.req.valid('query');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const rows = await listSyncRuns(deps.db, { tenantId: tenant_id, ...query });
  return c.json({ items: rows.map((row) => syncRunView(deps.temporal, row)), limit: query.limit, offset: query.offset }, 200);
};
