import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import { recordAudit } from '../db/queries/audit-log.js';
import { getProvider, listProviders, type ProviderRow } from '../db/queries/providers.js';
import { latestSyncRun, type SyncRunRow } from '../db/queries/sync-runs.js';
import { getTenant } from '../db/queries/tenants.js';
import { cancelSync, findRunningSync, queryProgress, startTenantSync, type RunningSync, type SyncRequest } from '../temporal/api-client.js';
import { adminAudit, type AdminCaller } from './admin-deps.js';
import { AdminError } from './admin-error.js';

/** What starting, stopping and watching syncs works with: the provider rows and Temporal. */
export interface SyncControlDeps {
  db: Database;
  client: Client;
  /** Task queue syncs run on (TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
}

export type ProviderRun = RunningSync & { providerId: string };

/** One named provider (not found unless it is the tenant's), or every provider of the tenant. */
async function selectProviders(db: Database, tenantId: string, providerId: string | undefined, enabledOnly: boolean): Promise<ProviderRow[]> {
  if (!(await getTenant(db, tenantId))) throw new AdminError('not_found', 'tenant_not_found', `no tenant "${tenantId}"`);
  if (!providerId) return listProviders(db, tenantId, { enabledOnly });
  const row = await getProvider(db, tenantId, providerId);
  if (!row) throw new AdminError('not_found', 'provider_not_found', `tenant "${tenantId}" has no provider ${providerId}`);
  return [row];
}

/**
 * Starts a sync of the named provider, or of every enabled provider of the tenant. A provider
 * whose sync already runs is reported, not restarted: Temporal's fixed workflow id per
 * (tenant, provider) decides, whoever else starts syncs meanwhile.
 */
export async function startSyncs(
  deps: SyncControlDeps,
  caller: AdminCaller,
  tenantId: string,
  providerId: string | undefined,
  request: SyncRequest,
): Promise<{ started: ProviderRun[]; alreadyRunning: ProviderRun[] }> {
  const providers = await selectProviders(deps.db, tenantId, providerId, true);
  const disabled = providers.find((provider) => !provider.enabled);
  if (disabled) throw new AdminError('conflict', 'provider_disabled', `provider ${disabled.id} is disabled; enable it first`);
  if (providers.length === 0) throw new AdminError('conflict', 'no_enabled_providers', `tenant "${tenantId}" has no enabled provider`);

  const started: ProviderRun[] = [];
  const alreadyRunning: ProviderRun[] = [];
  for (const provider of providers) {
    const target = { tenantId: provider.tenantId, providerId: provider.id, providerKind: provider.kind, providerName: provider.name };
    const outcome = await startTenantSync(deps.client, deps.taskQueue, target, request);
    if (outcome.started) {
      const details = { ...outcome.run, mode: request.mode, dryRun: request.dryRun };
      await recordAudit(deps.db, adminAudit(caller, tenantId, 'sync.start', { type: 'provider', id: provider.id }, 'success', details));
      started.push({ providerId: provider.id, ...outcome.run });
    } else {
      alreadyRunning.push({ providerId: provider.id, ...outcome.running });
    }
  }
  return { started, alreadyRunning };
}

/** Cancels the running sync of the named provider, or of every provider of the tenant; not found when none runs. */
export async function stopSyncs(deps: SyncControlDeps, caller: AdminCaller, tenantId: string, providerId: string | undefined): Promise<ProviderRun[]> {
  const providers = await selectProviders(deps.db, tenantId, providerId, false);
  const cancelled: ProviderRun[] = [];
  for (const provider of providers) {
    const running = await findRunningSync(deps.client, tenantId, provider.id);
    if (!running) continue;
    // The workflow finishes its current batch and records the run as cancelled.
    await cancelSync(deps.client, running);
    await recordAudit(deps.db, adminAudit(caller, tenantId, 'sync.stop', { type: 'provider', id: provider.id }, 'success', { ...running }));
    cancelled.push({ providerId: provider.id, ...running });
  }
  if (cancelled.length === 0) {
    throw new AdminError(
      'not_found',
      'no_running_sync',
      providerId ? `no sync of provider ${providerId} is running` : `no sync of tenant "${tenantId}" is running`,
    );
  }
  return cancelled;
}

export interface ProviderSyncStatus {
  provider: ProviderRow;
  /** The running sync with its live progress (from the workflow's query), if one runs. */
  running: (RunningSync & { progress: Awaited<ReturnType<typeof queryProgress>> }) | undefined;
  lastRun: SyncRunRow | undefined;
}

/** Each provider of the tenant: its running sync as Temporal reports it, and its last run as Postgres records it. */
export async function syncStatuses(deps: SyncControlDeps, tenantId: string): Promise<ProviderSyncStatus[]> {
  const providers = await selectProviders(deps.db, tenantId, undefined, false);
  return Promise.all(
    providers.map(async (provider) => {
      const [running, lastRun] = await Promise.all([findRunningSync(deps.client, tenantId, provider.id), latestSyncRun(deps.db, tenantId, provider.id)]);
      return { provider, running: running ? { ...running, progress: await queryProgress(deps.client, running) } : undefined, lastRun };
    }),
  );
}
