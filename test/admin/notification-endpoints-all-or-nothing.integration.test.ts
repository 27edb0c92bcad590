import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createNotificationEndpoint, deleteNotificationEndpoint, updateNotificationEndpoint, type AdminCaller } from '../../src/admin/index.js';
import type { NotificationAdminDeps } from '../../src/admin/notification-endpoints.js';
import { listAudit } from '../../src/db/queries/audit-log.js';
import { getNotificationEndpoint } from '../../src/db/queries/notification-endpoints.js';
import { createTenant } from '../../src/db/queries/tenants.js';
import { createLogger } from '../../src/logging/logger.js';
import { notificationSecretPath } from '../../src/notifications/signature.js';
import { VaultSecretStore } from '../../src/secrets/vault-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { failingSecrets, FailureInjector, installDatabaseFailures } from './failure-injection.js';

/**
 * A notification endpoint lives in two stores that share no transaction: its signing secret
 * (OpenBao) and its row (Postgres). Each test makes one step of a create, update or delete fail,
 * around the real stores, and proves both are as before and the failure is audited.
 */
describe('notification endpoint administration is all-or-nothing across secret and row', () => {
  let database: TestDatabase;
  let deps: NotificationAdminDeps;
  let dbFailures: Awaited<ReturnType<typeof installDatabaseFailures>>;
  const injector = new FailureInjector();
  const caller: AdminCaller = { actor: 'admin', allowPrivateAddresses: false };
  const tenantId = `notify-aon-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    const secrets = new VaultSecretStore({
      url: inject('vaultUrl'),
      token: inject('vaultToken'),
      mount: 'secret',
      prefix: `notify-aon-${randomBytes(6).toString('hex')}`,
    });
    deps = { db: database.db, secrets: failingSecrets(secrets, injector), logger: createLogger('silent') };
    await createTenant(database.db, { id: tenantId, name: 'Notification all or nothing', settings: {} });
    dbFailures = await installDatabaseFailures(database.db, 'notification_endpoints');
  });
  afterAll(async () => {
    injector.disarm();
    await database?.dispose();
  });

  /** What both stores hold about one endpoint. */
  async function stateOf(endpointId: string) {
    const row = await getNotificationEndpoint(database.db, tenantId, endpointId);
    const secret = await deps.secrets.get(notificationSecretPath(tenantId, endpointId));
    return { row: row ? { url: row.url, events: row.events, enabled: row.enabled, description: row.description } : null, secret: secret ?? null };
  }

  async function lastAudit(action: string) {
    const [entry] = await listAudit(database.db, { tenantId, action, limit: 1, offset: 0 });
    return entry!;
  }

  it('refuses a private receiver for a caller the outbound policy does not let name one, storing nothing', async () => {
    const refused = createNotificationEndpoint(deps, caller, tenantId, { url: 'http://10.0.0.5/hook', secret: 'secret-0123456789abcdef' });
    await expect(refused).rejects.toMatchObject({ kind: 'invalid', field: 'body.url' });
    expect(await lastAudit('notification_endpoint.create')).toBeUndefined();
  });

  it('create: a failed secret or row leaves neither behind, and the failure is audited', async () => {
    for (const [step, arm] of [
      ['secret', async () => injector.arm('secrets', 'put', 1)],
      ['database', () => dbFailures.arm('INSERT')],
    ] as const) {
      await arm();
      await expect(
        createNotificationEndpoint(deps, caller, tenantId, { url: 'https://hooks.example.org/a', secret: 'secret-0123456789abcdef' }),
        step,
      ).rejects.toSatisfy(isInjected);
      injector.disarm();
      await dbFailures.disarm();
      const failure = await lastAudit('notification_endpoint.create');
      expect(failure, step).toMatchObject({ outcome: 'failure', details: { step, rolledBack: true } });
      expect(await stateOf(failure.targetId!), step).toEqual({ row: null, secret: null });
    }
  });

  it('update: a row that cannot change puts the rotated secret back', async () => {
    const endpoint = await createNotificationEndpoint(deps, caller, tenantId, {
      url: 'https://hooks.example.org/b',
      secret: 'secret-before-0123456789',
      events: ['run.failed'],
    });
    const before = await stateOf(endpoint.id);
    expect(before.secret).toEqual({ secret: 'secret-before-0123456789' });
    const change = { url: 'https://elsewhere.example.net/b', secret: 'secret-after-0123456789', enabled: false };

    await dbFailures.arm('UPDATE');
    await expect(updateNotificationEndpoint(deps, caller, tenantId, endpoint.id, change)).rejects.toSatisfy(isInjected);
    await dbFailures.disarm();
    expect(await lastAudit('notification_endpoint.update')).toMatchObject({ outcome: 'failure', details: { step: 'database', rolledBack: true } });
    expect(await stateOf(endpoint.id)).toEqual(before);

    await updateNotificationEndpoint(deps, caller, tenantId, endpoint.id, change);
    expect(await stateOf(endpoint.id)).toEqual({ row: { ...before.row, url: change.url, enabled: false }, secret: { secret: change.secret } });
    expect(await lastAudit('notification_endpoint.update')).toMatchObject({
      outcome: 'success',
      details: { changed: ['url', 'enabled'], secretRotated: true },
    });
  });

  it('delete: a row that cannot be removed keeps its secret', async () => {
    const endpoint = await createNotificationEndpoint(deps, caller, tenantId, { url: 'https://hooks.example.org/c', secret: 'secret-kept-0123456789' });
    const before = await stateOf(endpoint.id);

    await dbFailures.arm('DELETE');
    await expect(deleteNotificationEndpoint(deps, caller, tenantId, endpoint.id)).rejects.toSatisfy(isInjected);
    await dbFailures.disarm();
    expect(await lastAudit('notification_endpoint.delete')).toMatchObject({ outcome: 'failure', details: { step: 'database', rolledBack: true } });
    expect(await stateOf(endpoint.id)).toEqual(before);

    await deleteNotificationEndpoint(deps, caller, tenantId, endpoint.id);
    expect(await stateOf(endpoint.id)).toEqual({ row: null, secret: null });
    expect(await lastAudit('notification_endpoint.delete')).toMatchObject({ outcome: 'success', targetId: endpoint.id });
  });
});

/** The injected failure, raised directly or wrapped by the database driver. */
function isInjected(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; depth += 1) {
    if (current.message.includes('injected failure')) return true;
    current = current.cause;
  }
  return false;
}
