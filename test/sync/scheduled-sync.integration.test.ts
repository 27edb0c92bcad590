import type { Client, Connection } from '@temporalio/client';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { syncRuns } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { createSyncSchedule, deleteSyncSchedule, syncScheduleId } from '../../src/temporal/schedules.js';
import { syncWorkflowId } from '../../src/temporal/sync-contract.js';
import { createTenantWithProvider } from '../support/sync-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSisFor, type RunningSis } from './sis-peers.js';
import { waitFor } from './worker-process.js';

describe('scheduled syncs', () => {
  let database: TestDatabase;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let worker: TestWorker;
  let temporal: { client: Client; connection: Connection };
  let ids: { tenantId: string; providerId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    sis = await startSisFor('clever', createDistrictStore(generateDistrict({ seed: 31, students: 400, today: new Date('2026-11-01') })));
    scim = await startScimmyServer();
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 9));
    worker = await startTestWorker({ db: database.db, secrets, sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } } });
    temporal = await connectTestClient();
    ids = await createTenantWithProvider(database.db, secrets, sis.provider);
  }, 120_000);

  afterAll(async () => {
    await deleteSyncSchedule(temporal.client, ids.tenantId, ids.providerId).catch(() => {});
    await worker?.stop();
    await temporal?.connection.close();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  const runsOf = () => database.db.select().from(syncRuns).where(and(eq(syncRuns.providerId, ids.providerId), eq(syncRuns.trigger, 'schedule'))).orderBy(desc(syncRuns.startedAt));

  it('runs incremental from the schedule, promoted to full when no full sync is recent (the safety net)', { timeout: 180_000 }, async () => {
    await createSyncSchedule(temporal.client, { ...ids, providerKind: 'clever', intervalSeconds: 3600, paused: true, taskQueue: worker.taskQueue });
    const schedule = temporal.client.schedule.getHandle(syncScheduleId(ids.tenantId, ids.providerId));

    await schedule.trigger();
    await waitFor(async () => (await runsOf())[0]?.status === 'completed', 'the first scheduled run');
    const [first] = await runsOf();
    expect(first).toMatchObject({ mode: 'full', trigger: 'schedule' });
    expect(first?.message).toMatch(/periodic full sync/);

    await schedule.trigger();
    await waitFor(async () => (await runsOf()).length === 2 && (await runsOf())[0]?.status === 'completed', 'the second scheduled run');
    const [second] = await runsOf();
    expect(second).toMatchObject({ mode: 'incremental', trigger: 'schedule', message: null });
  });

  it('skips instead of running beside a sync of the same provider started elsewhere', { timeout: 180_000 }, async () => {
    const running = await temporal.client.workflow.start('tenantSync', {
      taskQueue: worker.taskQueue,
      workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
      args: [{ ...ids, mode: 'full', trigger: 'api' }],
    });
    const scheduled = await temporal.client.workflow.execute('scheduledSync', {
      taskQueue: worker.taskQueue,
      workflowId: `scheduled-test-${Date.now()}`,
      args: [{ ...ids, mode: 'incremental', trigger: 'schedule' }],
    });
    expect(scheduled).toEqual({ status: 'skipped', reason: 'another sync of this provider is running' });
    expect(await running.result()).toMatchObject({ status: 'completed' });
  });
});
