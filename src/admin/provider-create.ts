import { randomUUID } from 'node:crypto';
import { recordAudit } from '../db/queries/audit-log.js';
import { sqlStateOf, UNIQUE_VIOLATION } from '../db/sql-state.js';
import { getProviderByName, insertProvider, type ProviderRow } from '../db/queries/providers.js';
import { getTenant } from '../db/queries/tenants.js';
import { providerSecretPath, providerWebhookSecretPath } from '../secrets/secret-store.js';
import { AdminError } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { allOrNothing } from './all-or-nothing.js';
import { checkSisConnection } from './provider-checks.js';
import { sisConnectionFor, type CreateProviderInput } from './provider-input.js';

/**
 * Connects a SIS: checks, then credentials and webhook secret into the secrets store, the
 * schedule into Temporal, and last the row with its audit entry in one transaction. A failure
 * at any step removes what the earlier steps wrote, so a rejected create leaves nothing.
 */
export async function createProvider(deps: AdminDeps, caller: AdminCaller, tenantId: string, input: CreateProviderInput): Promise<ProviderRow> {
  if (!(await getTenant(deps.db, tenantId))) throw new AdminError('not_found', 'tenant_not_found', `no tenant "${tenantId}"`);
  if (await getProviderByName(deps.db, tenantId, input.name)) throw providerNameTaken(input.name);
  await checkSisConnection(deps, caller, sisConnectionFor(input.kind, input.connection.baseUrl, input.credentials), {
    tenantId,
    action: 'provider.create',
    targetId: input.name,
  });

  const id = randomUUID();
  const secretPath = providerSecretPath(tenantId, id);
  const webhookPath = providerWebhookSecretPath(tenantId, id);
  const enabled = input.enabled ?? true;
  const intervalSeconds = input.scheduleIntervalSeconds ?? deps.defaultSyncIntervalSeconds;
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'provider.create', { type: 'provider', id }, 'failure', { name: input.name, ...details });

  try {
    return await allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
      await log.step(
        'secrets',
        () => deps.secrets.put(secretPath, input.credentials),
        () => deps.secrets.delete(secretPath),
      );
      const webhookSecret = input.webhook?.secret;
      if (webhookSecret)
        await log.step(
          'webhook_secret',
          () => deps.secrets.put(webhookPath, { secret: webhookSecret }),
          () => deps.secrets.delete(webhookPath),
        );
      const spec = { tenantId, providerId: id, providerKind: input.kind, intervalSeconds, paused: !enabled, taskQueue: deps.taskQueue };
      await log.step(
        'schedule',
        () => deps.schedules.create(spec),
        () => deps.schedules.delete(tenantId, id),
      );
      return log.step('database', () =>
        deps.db.transaction(async (tx) => {
          const row = await insertProvider(tx, {
            id,
            tenantId,
            kind: input.kind,
            name: input.name,
            enabled,
            connection: input.connection,
            scheduleIntervalSeconds: intervalSeconds,
            mapping: input.mapping ?? {},
            webhook: { ipAllowlist: input.webhook?.ipAllowlist ?? [], trustProxy: input.webhook?.trustProxy ?? false },
            secretPath,
          });
          await recordAudit(tx, adminAudit(caller, tenantId, 'provider.create', { type: 'provider', id }, 'success', { kind: input.kind, name: input.name }));
          return row;
        }),
      );
    });
  } catch (error) {
    throw sqlStateOf(error) === UNIQUE_VIOLATION ? providerNameTaken(input.name) : error;
  }
}

export function providerNameTaken(name: string): AdminError {
  return new AdminError('conflict', 'provider_name_taken', `the tenant already has a provider named "${name}"`, 'body.name');
}
