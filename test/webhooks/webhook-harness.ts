import { randomBytes } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { count, eq, sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { createApp } from '../../src/api/app.js';
import { WebhookRejectionAudit } from '../../src/api/routes/webhooks/rejection-audit.js';
import { signWebhook } from '../../src/api/routes/webhooks/delivery-checks.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { auditLog, providers, webhookEvents, type ProviderWebhookSettings } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { closeServer, serveApi } from '../../src/main/serve-api.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { providerWebhookSecretPath } from '../../src/secrets/secret-store.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { runSync } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_TODAY } from '../support/test-today.js';

/**
 * Everything a webhook suite talks to, all real: the suite's Postgres database, the Temporal
 * dev server with a worker, a SIS simulator, SCIMMY, and the API served over HTTP on
 * 127.0.0.1 (the IP allowlist reads the socket's peer address, which app.request lacks).
 */
export interface WebhookHarness {
  database: TestDatabase;
  store: DistrictStore;
  sis: RunningSis;
  scim: Awaited<ReturnType<typeof startScimmyServer>>;
  client: Client;
  /** The worker's task queue (for syncs a test starts itself). */
  taskQueue: string;
  ids: { tenantId: string; providerId: string };
  secret: string;
  /** POSTs a delivery to this suite's webhook route, signed with the provider's secret unless overridden. */
  deliver(body: unknown, options?: DeliveryOptions): Promise<{ status: number; body: Record<string, unknown> }>;
  setWebhookSettings(settings: ProviderWebhookSettings): Promise<void>;
  counts(): Promise<{ events: number; audit: number }>;
  /** Writes the rejection counts gathered so far as audit entries (the API does it each minute). */
  flushRejections(): Promise<void>;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  timestamp?: number;
  secret?: string;
  /** Sent as is (for malformed bodies); `body` is then ignored. */
  raw?: string;
  headers?: Record<string, string>;
  unsigned?: boolean;
}

export async function startWebhookHarness(kind: 'clever' | 'classlink', students: number): Promise<WebhookHarness> {
  const database = await createTestDatabase();
  // The API gets its own pool, as it would in its own process.
  const apiDatabase: DatabaseHandle = database.url ? openDatabase({ kind: 'postgres', url: database.url, maxConnections: 10 }) : database;
  const store = createDistrictStore(generateDistrict({ seed: 23, students, today: TEST_TODAY }));
  const sis = await startSisFor(kind, store);
  const scim = await startScimmyServer();
  const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 9));
  const worker: TestWorker = await startTestWorker({
    db: database.db,
    secrets,
    sync: { ...DEFAULT_SYNC_SETTINGS, batchSize: 200, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
  });
  const temporal: { client: Client; connection: Connection } = await connectTestClient();
  const ids = await createTenantWithProvider(database.db, secrets, sis.provider, { emailDomain: 'springfield.k12.example' });
  const secret = `whsec-${randomBytes(24).toString('hex')}`;
  await secrets.put(providerWebhookSecretPath(ids.tenantId, ids.providerId), { secret });

  const webhookRejections = new WebhookRejectionAudit(apiDatabase.db, createLogger('silent'));
  const app = createApp({
    webhookRejections,
    db: apiDatabase.db,
    secrets: new EmbeddedSecretStore(apiDatabase.db, Buffer.alloc(32, 9)),
    logger: createLogger('silent'),
    readiness: {},
    temporal: { client: temporal.client, namespace: inject('temporalNamespace'), taskQueue: worker.taskQueue, uiUrl: undefined },
    settings: { adminToken: undefined, defaultSyncIntervalSeconds: 3600, scimDefaultBaseUrl: undefined },
  });
  const { server, url } = await serveApi(app, '127.0.0.1', 0);

  const full = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
  if (full.status !== 'completed' || full.counts.failed > 0) throw new Error(`initial full sync: ${JSON.stringify(full)}`);

  return {
    database,
    store,
    sis,
    scim,
    client: temporal.client,
    taskQueue: worker.taskQueue,
    ids,
    secret,
    async deliver(body, options = {}) {
      const raw = options.raw ?? JSON.stringify(body);
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...(options.unsigned ? {} : { 'x-timestamp': String(timestamp), 'x-signature': signWebhook(options.secret ?? secret, timestamp, raw) }),
        ...options.headers,
      };
      const response = await fetch(`${url}/webhooks/${kind}/${ids.tenantId}`, { method: 'POST', headers, body: raw });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
    async setWebhookSettings(settings) {
      await database.db.update(providers).set({ webhook: settings }).where(eq(providers.id, ids.providerId));
    },
    flushRejections: () => webhookRejections.flush(),
    async counts() {
      const [events] = await database.db.select({ n: count() }).from(webhookEvents);
      const [audit] = await database.db
        .select({ n: count() })
        .from(auditLog)
        .where(sql`${auditLog.action} not like 'webhook.%'`);
      return { events: events?.n ?? 0, audit: audit?.n ?? 0 };
    },
    async close() {
      await temporal.client.workflow
        .getHandle(`events/${ids.tenantId}/${ids.providerId}`)
        .terminate('suite finished')
        .catch(() => undefined);
      await closeServer(server);
      await webhookRejections.close();
      await worker.stop();
      await temporal.connection.close();
      await Promise.allSettled([sis.close(), scim.close()]);
      if (apiDatabase !== database) await apiDatabase.close();
      await database.dispose();
    },
  };
}

/** Polls until `done` holds; gives up (an error, not a timing assertion) after a generous bound. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, boundMs = 150_000): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Webhook events of the provider by status. */
export async function eventStatuses(harness: WebhookHarness): Promise<Record<string, number>> {
  const rows = await harness.database.db
    .select({ status: webhookEvents.status, n: count() })
    .from(webhookEvents)
    .where(eq(webhookEvents.providerId, harness.ids.providerId))
    .groupBy(webhookEvents.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n]));
}

/** SCIM user writes of webhook runs in the audit log, per source id, for these ids. */
export async function userWritesBySourceId(harness: WebhookHarness, sourceIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await harness.database.db.select({ action: auditLog.action, sourceId: sql<string>`${auditLog.details}->>'sourceId'` }).from(auditLog)
    .where(sql`${auditLog.tenantId} = ${harness.ids.tenantId} and ${auditLog.action} like 'scim.user.%'
      and ${auditLog.runId} in (select id from sync_runs where trigger = 'webhook' and tenant_id = ${harness.ids.tenantId})`);
  const wanted = new Set(sourceIds);
  const writes = new Map<string, string[]>();
  for (const row of rows) if (wanted.has(row.sourceId)) writes.set(row.sourceId, [...(writes.get(row.sourceId) ?? []), row.action]);
  return writes;
}
