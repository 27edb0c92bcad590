import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { renderEvent } from '../../sim/clever/events.js';
import { createApp } from '../../src/api/app.js';
import { putSeatPool } from '../../src/db/queries/seat-pools.js';
import { seatAssignments, syncPlanItems, syncRuns } from '../../src/db/schema/index.js';
import { createLogger } from '../../src/logging/logger.js';
import { registrySource } from '../../src/metrics/exposition.js';
import { createOperatorStateMetrics } from '../../src/metrics/operator-state.js';
import { processMetrics } from '../../src/metrics/registry.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { runSync } from '../support/sync-fixture.js';
import { eventStatuses, startWebhookHarness, waitFor, type WebhookHarness } from '../webhooks/webhook-harness.js';
import { sample, sampleSum } from './metric-samples.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('GET /metrics after real syncs and webhooks (Clever simulator → SCIMMY)', () => {
  let harness: WebhookHarness;
  let app: ReturnType<typeof createApp>;

  const scrape = async (token: string | null = METRICS_TOKEN): Promise<{ status: number; text: string; type: string | null }> => {
    const response = await app.request('/metrics', { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, text: await response.text(), type: response.headers.get('content-type') };
  };
  const metrics = async () => {
    const { status, text } = await scrape();
    expect(status).toBe(200);
    return text;
  };

  beforeAll(async () => {
    harness = await startWebhookHarness('clever', 50);
    const state = createOperatorStateMetrics(harness.database.db);
    app = createApp({
      db: harness.database.db,
      secrets: new EmbeddedSecretStore(harness.database.db, Buffer.alloc(32, 9)),
      logger: createLogger('silent'),
      readiness: {},
      temporal: { client: harness.client, namespace: inject('temporalNamespace'), taskQueue: harness.taskQueue, uiUrl: undefined },
      settings: { adminToken: undefined, defaultSyncIntervalSeconds: 3600, scimDefaultBaseUrl: undefined },
      metrics: { sources: [registrySource(processMetrics), registrySource(state.registry, state.refresh)], token: METRICS_TOKEN },
    });
  }, 180_000);
  afterAll(async () => harness?.close());

  it('needs METRICS_TOKEN when one is set, not an API token', async () => {
    expect((await scrape(null)).status).toBe(401);
    expect((await scrape('admin-token-that-is-not-it')).status).toBe(401);
    const { status, type } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts a full sync: its outcome, duration, SIS requests and SCIM writes by operation', { timeout: 300_000 }, async () => {
    const students = harness.store
      .list('users')
      .filter((user) => user.roles.includes('student'))
      .slice(0, 3);
    for (const user of students)
      harness.store.mutate({ op: 'update', kind: 'users', id: user.id, patch: { name: { ...user.name, last: `Moved-${user.id.slice(-4)}` } } });
    const before = await metrics();
    const result = await runSync(harness.client, harness.taskQueue, { ...harness.ids, mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', counts: { updated: 3 } });
    const after = await metrics();

    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('sis_bridge_sync_runs_total', { outcome: 'completed', mode: 'full', trigger: 'test' })).toBe(1);
    expect(delta('sis_bridge_sync_run_duration_seconds_count', { outcome: 'completed', mode: 'full' })).toBe(1);
    expect(delta('sis_bridge_sis_requests_total', { provider: 'clever', status_class: '2xx' })).toBeGreaterThan(0);
    expect(delta('sis_bridge_scim_requests_total', { operation: 'discovery', resource: 'none', status_class: '2xx' })).toBeGreaterThan(0);
    // SCIMMY advertises Bulk, so the three updates may travel as Bulk requests rather than single PATCH/PUTs.
    const writes = (text: string) =>
      ['patch', 'replace', 'bulk'].reduce(
        (total, operation) => total + sampleSum(text, 'sis_bridge_scim_requests_total', { operation, status_class: '2xx' }),
        0,
      );
    expect(writes(after) - writes(before)).toBeGreaterThan(0);
    // Bounded cardinality: no tenant, provider or run id ever becomes a label value.
    for (const id of [harness.ids.tenantId, harness.ids.providerId, result.runId]) expect(after).not.toContain(id);
  });

  it('counts webhook deliveries by result and how long an event took from receipt to applied', { timeout: 300_000 }, async () => {
    const before = await metrics();
    const [user] = harness.store.list('users').filter((candidate) => candidate.roles.includes('teacher'));
    const [change] = harness.store.mutate({ op: 'update', kind: 'users', id: user!.id, patch: { name: { ...user!.name, last: 'Webhooked' } } });
    const event = renderEvent(change!, harness.store.info.id);
    expect((await harness.deliver(event, { unsigned: true })).status).toBe(401);
    expect((await harness.deliver(event)).status).toBe(202);
    expect((await harness.deliver(event)).status).toBe(202);
    await waitFor(
      () => eventStatuses(harness),
      (statuses) => (statuses.applied ?? 0) >= 1,
      'the webhook event applied',
    );
    const after = await waitFor(
      metrics,
      (text) =>
        sample(text, 'sis_bridge_webhook_apply_latency_seconds_count', { provider: 'clever' }) >
        sample(before, 'sis_bridge_webhook_apply_latency_seconds_count', { provider: 'clever' }),
      'the latency observed',
    );

    const delta = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    expect(delta('sis_bridge_webhook_deliveries_total', { provider: 'clever', result: 'unauthorized' })).toBe(1);
    expect(delta('sis_bridge_webhook_deliveries_total', { provider: 'clever', result: 'accepted' })).toBe(2);
    expect(delta('sis_bridge_webhook_events_total', { provider: 'clever', outcome: 'stored' })).toBe(1);
    expect(delta('sis_bridge_webhook_events_total', { provider: 'clever', outcome: 'duplicate' })).toBe(1);
    expect(delta('sis_bridge_webhook_apply_latency_seconds_count', { provider: 'clever' })).toBe(1);
    expect(delta('sis_bridge_sync_runs_total', { outcome: 'completed', mode: 'incremental', trigger: 'webhook' })).toBe(1);
  });

  it('reads held deletions and seat pools from the database at scrape time, aggregated', async () => {
    const { tenantId, providerId } = harness.ids;
    const runId = randomUUID();
    await harness.database.db
      .insert(syncRuns)
      .values({ id: runId, tenantId, providerId, workflowId: 'metrics-test', mode: 'full', trigger: 'test', status: 'awaiting_approval' });
    await harness.database.db.insert(syncPlanItems).values(
      [0, 1, 2, 3, 4].map((seq) => ({
        runId,
        seq,
        batch: 0,
        op: 'deprovision' as const,
        resourceType: 'User' as const,
        sourceId: `gone-${seq}`,
        status: seq < 4 ? ('held' as const) : ('applied' as const),
      })),
    );
    await putSeatPool(harness.database.db, {
      tenantId,
      id: 'full-pool',
      name: 'Full',
      sku: null,
      capacity: 2,
      eligibility: { roles: ['student'] },
      gracePeriodSeconds: 3600,
      scimGroup: false,
    });
    await putSeatPool(harness.database.db, {
      tenantId,
      id: 'roomy-pool',
      name: 'Roomy',
      sku: null,
      capacity: 10,
      eligibility: { roles: ['student'] },
      gracePeriodSeconds: 3600,
      scimGroup: false,
    });
    const seat = (poolId: string, user: string, state: 'assigned' | 'releasing' | 'waitlisted' | 'released') => ({
      tenantId,
      poolId,
      providerId,
      userSourceId: user,
      state,
      reason: 'eligible' as const,
      rank: 1,
      eligibleSince: new Date(),
    });
    await harness.database.db
      .insert(seatAssignments)
      .values([
        seat('full-pool', 'u1', 'assigned'),
        seat('full-pool', 'u2', 'releasing'),
        seat('full-pool', 'u3', 'waitlisted'),
        seat('roomy-pool', 'u1', 'assigned'),
        seat('roomy-pool', 'u4', 'released'),
      ]);

    const text = await metrics();
    expect(sample(text, 'sis_bridge_held_deletions')).toBe(4);
    expect(sample(text, 'sis_bridge_sync_runs_awaiting_approval')).toBe(1);
    expect(sample(text, 'sis_bridge_seat_capacity')).toBe(12);
    expect([
      sample(text, 'sis_bridge_seats', { state: 'assigned' }),
      sample(text, 'sis_bridge_seats', { state: 'releasing' }),
      sample(text, 'sis_bridge_seats', { state: 'waitlisted' }),
    ]).toEqual([2, 1, 1]);
    expect(sample(text, 'sis_bridge_seat_pools', { utilisation: 'full' })).toBe(1);
    expect(sample(text, 'sis_bridge_seat_pools', { utilisation: '0-50' })).toBe(1);
    expect(sample(text, 'sis_bridge_seat_pools_exhausted')).toBe(1);
    expect(text).not.toContain('full-pool');

    await harness.database.db.update(syncRuns).set({ status: 'completed' });
    expect(sample(await metrics(), 'sis_bridge_held_deletions')).toBe(0);
  });
});
