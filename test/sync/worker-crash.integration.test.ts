import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { connectTestClient, removeTaskQueueLeftovers } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { readScimState } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { killed, spawnWorkerProcess, waitFor } from './worker-process.js';
import { TEST_TODAY } from '../support/test-today.js';

describe('a worker killed mid-sync', () => {
  const key = Buffer.alloc(32, 8);
  const taskQueue = `crash-${randomUUID()}`;
  let postgres: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let store: ReturnType<typeof createDistrictStore>;

  /** Postgres when the suite has it; otherwise a PGlite directory the worker process owns. */
  async function withDatabase<T>(use: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
    if (postgres) return use(postgres);
    const handle = openDatabase({ kind: 'pglite', dataDir: pgliteDir! });
    await handle.migrate();
    try {
      return await use(handle);
    } finally {
      await handle.close();
    }
  }

  beforeAll(async () => {
    if (inject('testDatabaseUrl')) postgres = await createTestDatabase();
    else pgliteDir = join(mkdtempSync(join(tmpdir(), 'sis-crash-')), 'pglite');
    store = createDistrictStore(generateDistrict({ seed: 5, students: 1500, today: TEST_TODAY }));
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
  }, 120_000);

  afterAll(async () => {
    await removeTaskQueueLeftovers(taskQueue);
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await postgres?.dispose();
  });

  it('completes on a new worker with no duplicate SCIM users and nothing missing', { timeout: 300_000 }, async () => {
    const ids = await withDatabase((handle) =>
      createTenantWithProvider(handle.db, new EmbeddedSecretStore(handle.db, key), sis.provider, { emailDomain: 'springfield.k12.example' }),
    );
    const env = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SECRETS_KEY: key.toString('hex'),
      SCIM_BASE_URL: scim.baseUrl,
      SCIM_TOKEN: scim.token,
      BATCH_SIZE: '25',
      ...(postgres?.url ? { DATABASE_URL: postgres.url } : { DATA_DIR: join(pgliteDir!, '..') }),
    };
    const { client, connection } = await connectTestClient();
    try {
      const first = spawnWorkerProcess(env);
      const handle = await client.workflow.start('tenantSync', {
        taskQueue,
        workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
        args: [{ ...ids, mode: 'full', trigger: 'test' }],
      });
      await waitFor(() => scim.traffic.stats.writes >= 10, 'SCIM writes from the first worker');
      await killed(first);
      const writesAtKill = scim.traffic.stats.writes;

      const second = spawnWorkerProcess(env);
      try {
        const result = (await handle.result()) as TenantSyncResult;
        expect(result.status).toBe('completed');
        expect(scim.traffic.stats.writes).toBeGreaterThan(writesAtKill);
      } finally {
        await killed(second, 'SIGTERM');
      }
    } finally {
      await connection.close();
    }

    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    const externalIds = users.map((user) => user.externalId);
    expect(new Set(externalIds).size).toBe(users.length);
    expect(users).toHaveLength(expected.users.length);
    expect(groups).toHaveLength(expected.sections.length);
    const memberships = groups.reduce((total, group) => total + (group.members?.length ?? 0), 0);
    expect(memberships).toBe(expected.enrollments.length);
  });
});
