import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { createProvider, deleteProvider, updateProvider, type AdminCaller, type AdminDeps } from '../../src/admin/index.js';
import { listAudit } from '../../src/db/queries/audit-log.js';
import { getProvider } from '../../src/db/queries/providers.js';
import { createTenant } from '../../src/db/queries/tenants.js';
import { createLogger } from '../../src/logging/logger.js';
import { providerSecretPath, providerWebhookSecretPath } from '../../src/secrets/secret-store.js';
import { VaultSecretStore } from '../../src/secrets/vault-store.js';
import { temporalSyncSchedules } from '../../src/temporal/schedules.js';
import { connectTestClient, removeTaskQueueLeftovers } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { failingSchedules, failingSecrets, FailureInjector, installDatabaseFailures } from './failure-injection.js';
import { TEST_TODAY } from '../support/test-today.js';

/**
 * A provider's state lives in three stores that share no transaction: its row (Postgres), its
 * credentials and webhook secret (OpenBao), its schedule (Temporal). Each test makes one step
 * of a create, update or delete fail — through the service's dependencies, around the real
 * stores — and proves all three are as before and the failure is audited.
 */
describe('provider administration is all-or-nothing across row, secrets and schedule', () => {
  let database: TestDatabase;
  let temporal: { client: Client; connection: Connection };
  let clever: CleverSimulator;
  let deps: AdminDeps;
  let realSecrets: VaultSecretStore;
  let dbFailures: Awaited<ReturnType<typeof installDatabaseFailures>>;
  const injector = new FailureInjector();
  const caller: AdminCaller = { actor: 'admin', allowPrivateAddresses: true };
  const tenantId = `aon-${randomBytes(4).toString('hex')}`;
  const created: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    temporal = await connectTestClient();
    clever = await startCleverSimulator({ seed: 8, students: 50, today: TEST_TODAY });
    realSecrets = new VaultSecretStore({
      url: inject('vaultUrl'),
      token: inject('vaultToken'),
      mount: 'secret',
      prefix: `aon-${randomBytes(6).toString('hex')}`,
    });
    deps = {
      db: database.db,
      secrets: failingSecrets(realSecrets, injector),
      schedules: failingSchedules(temporalSyncSchedules(temporal.client), injector),
      logger: createLogger('silent'),
      taskQueue: `aon-${randomUUID()}`,
      defaultSyncIntervalSeconds: 3600,
      findRunningSync: async () => undefined,
    };
    await createTenant(database.db, { id: tenantId, name: 'All or nothing', settings: {} });
    dbFailures = await installDatabaseFailures(database.db, 'providers');
  });
  afterAll(async () => {
    injector.disarm();
    await dbFailures?.disarm();
    for (const id of created) await deleteProvider(deps, caller, tenantId, id).catch(() => undefined);
    if (deps) await removeTaskQueueLeftovers(deps.taskQueue);
    await clever?.close();
    await temporal?.connection.close();
    await database?.dispose();
  });

  const input = (name: string) => ({
    kind: 'clever' as const,
    name,
    connection: { baseUrl: clever.baseUrl },
    credentials: { token: clever.token },
    webhook: { secret: 'webhook-secret-before-0123456789' },
  });

  /** Everything the three stores hold about one provider. */
  async function stateOf(providerId: string) {
    const row = await getProvider(database.db, tenantId, providerId);
    const schedule = await temporalSyncSchedules(temporal.client).describe(tenantId, providerId);
    return {
      row: row
        ? { name: row.name, enabled: row.enabled, interval: row.scheduleIntervalSeconds, connection: row.connection, updatedAt: row.updatedAt.toISOString() }
        : null,
      credentials: (await realSecrets.get(providerSecretPath(tenantId, providerId))) ?? null,
      webhook: (await realSecrets.get(providerWebhookSecretPath(tenantId, providerId))) ?? null,
      schedule: schedule ? { interval: schedule.intervalSeconds, paused: schedule.paused } : null,
    };
  }

  async function lastFailure(action: string) {
    const [entry] = await listAudit(database.db, { tenantId, action, limit: 1, offset: 0 });
    expect(entry?.outcome).toBe('failure');
    return entry!;
  }

  it('create: a failure at any step leaves nothing behind', async () => {
    const steps: Array<[string, () => Promise<void>]> = [
      ['secrets', async () => injector.arm('secrets', 'put', 1)],
      ['webhook_secret', async () => injector.arm('secrets', 'put', 2)],
      ['schedule', async () => injector.arm('schedules', 'create', 1)],
      ['database', () => dbFailures.arm('INSERT')],
    ];
    for (const [step, arm] of steps) {
      await arm();
      await expect(createProvider(deps, caller, tenantId, input(`create-${step}`)), step).rejects.toSatisfy(isInjected);
      injector.disarm();
      await dbFailures.disarm();
      const failure = await lastFailure('provider.create');
      expect(failure.details, step).toMatchObject({ step, rolledBack: true });
      expect(await stateOf(failure.targetId!), step).toEqual({ row: null, credentials: null, webhook: null, schedule: null });
    }
  });

  it('update: a failure at any step puts back the credentials, webhook secret, schedule and row', async () => {
    const provider = await createProvider(deps, caller, tenantId, input('update-me'));
    created.push(provider.id);
    const before = await stateOf(provider.id);
    expect(before.schedule).toEqual({ interval: 3600, paused: false });
    const change = {
      name: 'renamed',
      credentials: { token: clever.token },
      webhook: { secret: 'webhook-secret-after-0123456789' },
      scheduleIntervalSeconds: 7200,
      enabled: false,
    };

    const steps: Array<[string, () => Promise<void>]> = [
      ['secrets', async () => injector.arm('secrets', 'rotate', 1)],
      ['webhook_secret', async () => injector.arm('secrets', 'rotate', 2)],
      ['schedule', async () => injector.arm('schedules', 'update', 1)],
      ['database', () => dbFailures.arm('UPDATE')],
    ];
    for (const [step, arm] of steps) {
      await arm();
      await expect(updateProvider(deps, caller, tenantId, provider.id, change), step).rejects.toSatisfy(isInjected);
      injector.disarm();
      await dbFailures.disarm();
      expect((await lastFailure('provider.update')).details, step).toMatchObject({ step, rolledBack: true });
      expect(await stateOf(provider.id), step).toEqual(before);
    }
    // And without a failure the same change goes through everywhere.
    await updateProvider(deps, caller, tenantId, provider.id, change);
    expect(await stateOf(provider.id)).toMatchObject({
      row: { name: 'renamed', enabled: false, interval: 7200 },
      webhook: { secret: 'webhook-secret-after-0123456789' },
      schedule: { interval: 7200, paused: true },
    });
  });

  it('delete: a failure at any step recreates what was removed', async () => {
    const provider = await createProvider(deps, caller, tenantId, { ...input('delete-me'), scheduleIntervalSeconds: 5400, enabled: false });
    created.push(provider.id);
    const before = await stateOf(provider.id);
    const steps: Array<[string, () => Promise<void>]> = [
      ['schedule', async () => injector.arm('schedules', 'delete', 1)],
      ['webhook_secret', async () => injector.arm('secrets', 'delete', 1)],
      ['secrets', async () => injector.arm('secrets', 'delete', 2)],
      ['database', () => dbFailures.arm('DELETE')],
    ];
    for (const [step, arm] of steps) {
      await arm();
      await expect(deleteProvider(deps, caller, tenantId, provider.id), step).rejects.toSatisfy(isInjected);
      injector.disarm();
      await dbFailures.disarm();
      expect((await lastFailure('provider.delete')).details, step).toMatchObject({ step, rolledBack: true });
      expect(await stateOf(provider.id), step).toEqual(before);
    }
    await deleteProvider(deps, caller, tenantId, provider.id);
    expect(await stateOf(provider.id)).toEqual({ row: null, credentials: null, webhook: null, schedule: null });
  });
});

/** The injected failure, however deep a wrapper (drizzle's "Failed query") put it. */
function isInjected(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (current.message.includes('injected failure')) return true;
    current = current.cause;
  }
  return false;
}
