import { randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { verifySignature } from '../../src/api/routes/webhooks/delivery-checks.js';
import { getNotificationEndpoint, insertNotificationEndpoint } from '../../src/db/queries/notification-endpoints.js';
import { upsertScimTarget } from '../../src/db/queries/scim-targets.js';
import { putSeatPool } from '../../src/db/queries/seat-pools.js';
import type { NotificationEventType } from '../../src/domain/notifications.js';
import { processMetrics } from '../../src/metrics/registry.js';
import { notificationSecretPath } from '../../src/notifications/signature.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { scimTargetSecretPath } from '../../src/secrets/secret-store.js';
import { freePort } from '../../src/temporal/dev-server.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { createWorker } from '../../src/temporal/worker.js';
import { sample } from '../metrics/metric-samples.js';
import { eventually } from '../api/support/api-harness.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { runSync } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, removeTaskQueueLeftovers } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startFlakyReceiver, type ReceivedNotification } from './notification-receiver.js';

const TODAY = new Date('2026-11-01T12:00:00Z');
const SECRET = 'receiver-secret-0123456789abcdef';

describe('signed notifications from real syncs (Clever simulator → SCIMMY, loopback receivers)', () => {
  let database: TestDatabase;
  let store: DistrictStore;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let worker: { worker: Worker; connection: NativeConnection; run: Promise<void>; taskQueue: string };
  let temporal: { client: Client; connection: Connection };
  let receiver: Awaited<ReturnType<typeof startFlakyReceiver>>;
  let ids: { tenantId: string; providerId: string };
  let receiverEndpointId: string;
  let deadUrl: string;
  let secrets: EmbeddedSecretStore;

  /** As the API leaves an endpoint: the row, and its secret in the secrets store. */
  async function registerEndpoint(url: string, events: NotificationEventType[]): Promise<string> {
    const id = randomUUID();
    const secretPath = notificationSecretPath(ids.tenantId, id);
    await secrets.put(secretPath, { secret: SECRET });
    await insertNotificationEndpoint(database.db, { id, tenantId: ids.tenantId, url, events, secretPath });
    return id;
  }

  /** Deliveries of one event type, once the receiver has taken one (after refusing the first). */
  const deliveriesOf = (type: NotificationEventType) =>
    eventually(
      async () => receiver.received.filter((delivery) => delivery.body.type === type),
      (deliveries) => deliveries.some((delivery) => delivery.status === 200),
      `a ${type} notification accepted by the receiver`,
      120_000,
    );

  function expectSigned(delivery: ReceivedNotification): void {
    const verdict = verifySignature({
      secret: SECRET,
      rawBody: delivery.rawBody,
      signature: delivery.headers['x-signature'],
      timestamp: delivery.headers['x-timestamp'],
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    expect(verdict).toBe('ok');
    expect(delivery.headers['x-event-id']).toBe(delivery.body.id);
    expect(delivery.headers['x-event-type']).toBe(delivery.body.type);
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createDistrictStore(generateDistrict({ seed: 17, students: 50, today: TODAY }));
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    receiver = await startFlakyReceiver();
    deadUrl = `http://127.0.0.1:${await freePort()}/nobody-listens`;
    secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 17));
    try {
      Runtime.install({ logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: console.error } });
    } catch {
      // Installed already in this process.
    }
    // The production worker factory: its activity interceptors count retries.
    const taskQueue = `notifications-${randomUUID()}`;
    const created = await createWorker({
      address: inject('temporalAddress'),
      namespace: inject('temporalNamespace'),
      taskQueue,
      activities: createActivities({
        db: database.db,
        secrets,
        sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
        seats: { now: () => TODAY },
      }),
      workflowBundle: { codePath: inject('workflowBundlePath') },
    });
    worker = { ...created, run: created.worker.run(), taskQueue };
    temporal = await connectTestClient();
    ids = await createTenantWithProvider(database.db, secrets, sis.provider, {
      emailDomain: 'springfield.k12.example',
      deletionThreshold: { count: 1, percent: 100 },
    });
    await putSeatPool(database.db, {
      tenantId: ids.tenantId,
      id: 'math-plus',
      name: 'Math Plus',
      sku: null,
      capacity: 1,
      eligibility: { roles: ['teacher', 'student'] },
      gracePeriodSeconds: 3600,
      scimGroup: false,
    });
    receiverEndpointId = await registerEndpoint(receiver.url, []);
    await registerEndpoint(deadUrl, ['deletions.held']);
  }, 180_000);

  afterAll(async () => {
    if (worker) {
      await removeTaskQueueLeftovers(worker.taskQueue);
      worker.worker.shutdown();
      await worker.run;
      await worker.connection.close();
    }
    await temporal?.connection.close();
    await Promise.allSettled([sis?.close(), scim?.close(), receiver?.close()]);
    await database?.dispose();
  });

  it('delivers a full seat pool signed, retries after a 500, and keeps the event id', { timeout: 300_000 }, async () => {
    const before = await processMetrics.metrics();
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.status).toBe('completed');

    const deliveries = await deliveriesOf('seat_pool.exhausted');
    expect(deliveries.map((delivery) => delivery.status)).toEqual([500, 200]);
    expect(new Set(deliveries.map((delivery) => delivery.body.id))).toEqual(new Set([`${result.runId}.seat_pool.exhausted.math-plus`]));
    for (const delivery of deliveries) expectSigned(delivery);
    expect(deliveries[1]!.body).toMatchObject({
      tenantId: ids.tenantId,
      providerId: ids.providerId,
      runId: result.runId,
      data: { poolId: 'math-plus', capacity: 1, held: 1 },
    });
    expect(deliveries[1]!.body.data.waitlisted).toBeGreaterThan(0);

    const delivery = await temporal.client.workflow.getHandle(`notification/${deliveries[1]!.body.id}`).result();
    expect(delivery).toEqual({ delivered: 1, skipped: 0, failed: 0 });
    expect((await getNotificationEndpoint(database.db, ids.tenantId, receiverEndpointId))?.lastDeliveryResult).toBe('delivered');

    const after = await processMetrics.metrics();
    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('sis_bridge_notification_deliveries_total', { event: 'seat_pool.exhausted', result: 'failed' })).toBe(1);
    expect(delta('sis_bridge_notification_deliveries_total', { event: 'seat_pool.exhausted', result: 'delivered' })).toBe(1);
    expect(delta('sis_bridge_activity_retries_total', { activity: 'deliverNotification' })).toBe(1);
  });

  it('tells both endpoints about held deletions; the dead one retries on its own while the sync goes on', { timeout: 300_000 }, async () => {
    const leaving = store
      .list('users')
      .filter((user) => user.roles.includes('student'))
      .slice(0, 3);
    for (const user of leaving) store.mutate({ op: 'delete', kind: 'users', id: user.id });
    const handle = await temporal.client.workflow.start('tenantSync', {
      taskQueue: worker.taskQueue,
      workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
      args: [{ ...ids, mode: 'full', trigger: 'test' }],
    });

    const [held] = (await deliveriesOf('deletions.held')).filter((delivery) => delivery.status === 200);
    expectSigned(held!);
    expect(held!.body.data).toMatchObject({
      held: 3,
      whenUndecided: 'discard',
      actions: { approve: { method: 'POST', path: `/sync/${ids.tenantId}/deletions/approve`, body: { providerId: ids.providerId } } },
    });

    // The dead endpoint's delivery is its own workflow, failing and retrying with backoff.
    const deadDelivery = temporal.client.workflow.getHandle(`notification/${held!.body.id}`);
    await eventually(
      async () => (await deadDelivery.describe()).raw.pendingActivities?.[0]?.attempt ?? 0,
      (attempt) => attempt >= 2,
      'a second attempt at the dead endpoint',
      120_000,
    );
    await handle.executeUpdate('approveDeletions', { args: [{ actor: 'test-admin' }] });
    const result = (await handle.result()) as TenantSyncResult;
    expect(result).toMatchObject({ status: 'completed', counts: { deprovisioned: 3 } });
    expect((await deadDelivery.describe()).status.name).toBe('RUNNING');
    await deadDelivery.terminate('test over: nobody will ever listen there');
  });

  it('reports a run that cannot reach its SCIM target as failed and the target as unreachable', { timeout: 300_000 }, async () => {
    await secrets.put(scimTargetSecretPath(ids.tenantId), { token: 'unused' });
    await upsertScimTarget(database.db, {
      tenantId: ids.tenantId,
      baseUrl: `http://127.0.0.1:${await freePort()}/scim/v2`,
      dialect: {},
      secretPath: scimTargetSecretPath(ids.tenantId),
    });
    store.mutate({
      op: 'update',
      kind: 'users',
      id: store.list('users').find((user) => user.roles.includes('student'))!.id,
      patch: { email: 'renamed.student@springfield.k12.example' },
    });
    await expect(runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' })).rejects.toThrow();

    const [failed] = (await deliveriesOf('run.failed')).filter((delivery) => delivery.status === 200);
    const [unreachable] = (await deliveriesOf('target.unreachable')).filter((delivery) => delivery.status === 200);
    expectSigned(failed!);
    expect(failed!.body.data).toMatchObject({ failureType: 'ScimUnavailableError' });
    expect(String(failed!.body.data.message)).toMatch(/ServiceProviderConfig|ECONNREFUSED|attempts/);
    expect(unreachable!.body).toMatchObject({ runId: failed!.body.runId, data: { system: 'scim', failureType: 'ScimUnavailableError' } });
  });
});
