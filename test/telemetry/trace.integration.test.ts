import { randomBytes, randomUUID } from 'node:crypto';
import type { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, Runtime, type NativeConnection, type Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createActivities } from '../../activities/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { tracingClientInterceptors, WORKFLOW_INTERCEPTOR_MODULES } from '../../src/telemetry/temporal-tracing.js';
import { startTracing, type Tracing } from '../../src/telemetry/tracing.js';
import { connectTemporalClient } from '../../src/temporal/client.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { createWorker, workflowsPath } from '../../src/temporal/worker.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startOtlpCollector, type CollectedSpan } from './otlp-collector.js';
import { TEST_TODAY } from '../support/test-today.js';

const quiet = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: console.error };

describe('one trace from the API request through the workflow and its activities to SIS and SCIM HTTP', () => {
  let collector: Awaited<ReturnType<typeof startOtlpCollector>>;
  let tracing: Tracing;
  let database: TestDatabase;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let worker: { worker: Worker; connection: NativeConnection; run: Promise<void> };
  let temporal: { client: Client; connection: Connection };
  let app: ReturnType<typeof createApp>;
  let ids: { tenantId: string; providerId: string };
  const adminToken = `admin-${randomBytes(16).toString('hex')}`;
  const taskQueue = `traces-${randomUUID()}`;

  beforeAll(async () => {
    try {
      Runtime.install({ logger: quiet });
    } catch {
      // Installed already in this process.
    }
    collector = await startOtlpCollector();
    // A loaded CI machine may take long to answer an export; a dropped batch would lose spans.
    tracing = startTracing({ endpoint: collector.endpoint, serviceName: 'sis-bridge-test', exportTimeoutMillis: 120_000 })!;
    database = await createTestDatabase();
    sis = await startSisFor('clever', createDistrictStore(generateDistrict({ seed: 31, students: 50, today: TEST_TODAY })));
    scim = await startScimmyServer();
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 31));
    ids = await createTenantWithProvider(database.db, secrets, sis.provider, { emailDomain: 'springfield.k12.example' });

    // The workflow interceptors live in the bundle: this is the production bundle, not the tests' shared one.
    const bundle = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quiet });
    const created = await createWorker({
      address: inject('temporalAddress'),
      namespace: inject('temporalNamespace'),
      taskQueue,
      activities: createActivities({
        db: database.db,
        secrets,
        sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
      }),
      workflowBundle: { code: bundle.code },
      tracing,
    });
    worker = { ...created, run: created.worker.run() };

    temporal = await connectTemporalClient(inject('temporalAddress'), inject('temporalNamespace'), tracingClientInterceptors(tracing));
    app = createApp({
      db: database.db,
      secrets,
      logger: createLogger('silent'),
      readiness: {},
      temporal: { client: temporal.client, namespace: inject('temporalNamespace'), taskQueue, uiUrl: undefined },
      settings: { adminToken, defaultSyncIntervalSeconds: 3600, scimDefaultBaseUrl: undefined },
    });
  }, 180_000);

  afterAll(async () => {
    if (worker) {
      worker.worker.shutdown();
      await worker.run;
      await worker.connection.close();
    }
    await temporal?.connection.close();
    await tracing?.shutdown();
    await Promise.allSettled([sis?.close(), scim?.close(), collector?.close()]);
    await database?.dispose();
  });

  it('POST /sync/{tenant}/start → tenantSync → fetchPageRun / applyScimBatches → GET to the SIS, POST to SCIM', { timeout: 300_000 }, async () => {
    const response = await app.request(`/sync/${ids.tenantId}/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ providerId: ids.providerId, mode: 'full' }),
    });
    expect(response.status).toBe(202);
    const result = (await temporal.client.workflow.getHandle(syncWorkflowId(ids.tenantId, ids.providerId)).result()) as TenantSyncResult;
    expect(result.status).toBe('completed');
    await tracing.flush();

    const request = collector.spans.find((span) => span.name === `POST /sync/:tenant_id/start`);
    expect(request, `spans seen: ${[...new Set(collector.spans.map((span) => span.name))].join(', ')}`).toBeDefined();
    const trace = collector.spans.filter((span) => span.traceId === request!.traceId);
    const names = new Set(trace.map((span) => span.name));
    for (const name of [
      'StartWorkflow:tenantSync',
      'RunWorkflow:tenantSync',
      'StartActivity:prepareRun',
      'RunActivity:fetchPageRun',
      'RunActivity:applyScimBatches',
      'RunActivity:finishRun',
    ]) {
      expect(names, name).toContain(name);
    }
    const outbound = (origin: string, method: string) =>
      trace.filter((span) => String(span.attributes['url.full'] ?? '').startsWith(origin) && span.attributes['http.request.method'] === method);
    expect(outbound(new URL(sis.provider.baseUrl).origin, 'GET').length).toBeGreaterThan(0);
    expect(outbound(new URL(scim.baseUrl).origin, 'POST').length).toBeGreaterThan(0);

    // Every span of the run hangs off the request: parent links lead back to it.
    const byId = new Map(trace.map((span) => [span.spanId, span]));
    const rootOf = (span: CollectedSpan): CollectedSpan => {
      let current = span;
      while (current.parentSpanId && byId.has(current.parentSpanId)) current = byId.get(current.parentSpanId)!;
      return current;
    };
    const fetchPageRun = trace.find((span) => span.name === 'RunActivity:fetchPageRun')!;
    expect(rootOf(outbound(new URL(sis.provider.baseUrl).origin, 'GET')[0]!).spanId).toBe(request!.spanId);
    expect(rootOf(fetchPageRun).spanId).toBe(request!.spanId);

    // URLs are recorded without their queries (SCIM filters name users by userName).
    const urls = collector.spans.map((span) => String(span.attributes['url.full'] ?? '')).filter(Boolean);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).not.toContain('?');
    expect(collector.spans.some((span) => span.attributes['url.query'] === '(redacted)')).toBe(true);
  });
});
