import { randomUUID } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { deleteProvider as removeProvider, getProviderByName, insertProvider, listProviders as findProviders } from '../../../db/queries/providers.js';
import { providerSecretPath, providerWebhookSecretPath } from '../../../secrets/secret-store.js';
import { createSyncSchedule, deleteSyncSchedule } from '../../../temporal/schedules.js';
import type { AppEnv } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import { isUniqueViolation } from '../../db-errors.js';
import { ApiError } from '../../errors.js';
import { requireProvider, requireTenant } from '../../lookups.js';
import { findRunningSync } from '../sync/running-syncs.js';
import { applyProviderUpdate, sisConnectionOf } from './provider-update.js';
import { providerView } from './providers.view.js';
import type { createProvider, deleteProvider, getProvider, listProviders, updateProvider } from './providers.routes.js';
import { verifySisConnection } from './sis-verification.js';

export const list: RouteHandler<typeof listProviders, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireTenant(deps.db, tenant_id);
  const rows = await findProviders(deps.db, tenant_id);
  return c.json({ items: await Promise.all(rows.map((row) => providerView(deps, row))) }, 200);
};

export const get: RouteHandler<typeof getProvider, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const deps = c.get('deps');
  return c.json(await providerView(deps, await requireProvider(deps.db, tenant_id, provider_id)), 200);
};

/**
 * Order: cheap checks, the SIS check, then secrets and schedule, then the row with its audit
 * entry in one transaction. A failure after the secrets were written undoes them, so a
 * rejected create leaves nothing behind.
 */
export const create: RouteHandler<typeof createProvider, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const principal = c.get('principal');
  await requireTenant(deps.db, tenant_id);
  if (await getProviderByName(deps.db, tenant_id, body.name)) throw nameTaken(body.name);

  try {
    await verifySisConnection(deps, sisConnectionOf(body));
  } catch (error) {
    if (error instanceof ApiError) {
      await recordAudit(deps.db, apiAudit(principal, tenant_id, 'provider.create', { type: 'provider', id: body.name }, 'failure', { code: error.code }));
    }
    throw error;
  }

  const id = randomUUID();
  const secretPath = providerSecretPath(tenant_id, id);
  const enabled = body.enabled ?? true;
  const intervalSeconds = body.scheduleIntervalSeconds ?? deps.settings.defaultSyncIntervalSeconds;
  const undo: Array<() => Promise<unknown>> = [];
  try {
    await deps.secrets.put(secretPath, body.credentials);
    undo.push(() => deps.secrets.delete(secretPath));
    if (body.webhook?.secret) {
      const webhookPath = providerWebhookSecretPath(tenant_id, id);
      await deps.secrets.put(webhookPath, { secret: body.webhook.secret });
      undo.push(() => deps.secrets.delete(webhookPath));
    }
    await createSyncSchedule(deps.temporal.client, {
      tenantId: tenant_id,
      providerId: id,
      providerKind: body.kind,
      intervalSeconds,
      paused: !enabled,
      taskQueue: deps.temporal.taskQueue,
    });
    undo.push(() => deleteSyncSchedule(deps.temporal.client, tenant_id, id));
    const row = await deps.db.transaction(async (tx) => {
      const inserted = await insertProvider(tx, {
        id,
        tenantId: tenant_id,
        kind: body.kind,
        name: body.name,
        enabled,
        connection: body.connection,
        scheduleIntervalSeconds: intervalSeconds,
        mapping: body.mapping ?? {},
        webhook: { ipAllowlist: body.webhook?.ipAllowlist ?? [], trustProxy: body.webhook?.trustProxy ?? false },
        secretPath,
      });
      await recordAudit(tx, apiAudit(principal, tenant_id, 'provider.create', { type: 'provider', id }, 'success', { kind: body.kind, name: body.name }));
      return inserted;
    });
    return c.json(await providerView(deps, row), 201);
  } catch (error) {
    for (const step of undo.reverse()) await step().catch((undoError: unknown) => deps.logger.error({ err: undoError, providerId: id }, 'undoing provider create failed'));
    if (isUniqueViolation(error)) throw nameTaken(body.name);
    throw error;
  }
};

export const update: RouteHandler<typeof updateProvider, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const body = c.req.valid('json');
  const deps = c.get('deps');
  const existing = await requireProvider(deps.db, tenant_id, provider_id);
  const renamedTo = body.name !== undefined && body.name !== existing.name ? body.name : undefined;
  if (renamedTo && (await getProviderByName(deps.db, tenant_id, renamedTo))) throw nameTaken(renamedTo);
  try {
    const row = await applyProviderUpdate(deps, c.get('principal'), existing, body);
    return c.json(await providerView(deps, row), 200);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(renamedTo ?? existing.name);
    throw error;
  }
};

export const remove: RouteHandler<typeof deleteProvider, AppEnv> = async (c) => {
  const { tenant_id, provider_id } = c.req.valid('param');
  const deps = c.get('deps');
  await requireProvider(deps.db, tenant_id, provider_id);
  const running = await findRunningSync(deps.temporal.client, tenant_id, provider_id);
  if (running) throw new ApiError(409, 'sync_running', 'a sync of this provider is running; stop it first', running);
  await deleteSyncSchedule(deps.temporal.client, tenant_id, provider_id);
  await deps.secrets.delete(providerWebhookSecretPath(tenant_id, provider_id));
  await deps.secrets.delete(providerSecretPath(tenant_id, provider_id));
  await deps.db.transaction(async (tx) => {
    await removeProvider(tx, tenant_id, provider_id);
    await recordAudit(tx, apiAudit(c.get('principal'), tenant_id, 'provider.delete', { type: 'provider', id: provider_id }));
  });
  return c.body(null, 204);
};

function nameTaken(name: string): ApiError {
  return new ApiError(409, 'provider_name_taken', `the tenant already has a provider named "${name}"`, { field: 'body.name' });
}
