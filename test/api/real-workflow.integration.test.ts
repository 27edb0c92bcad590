import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { startCleverSimulator } from '../../sim/clever/server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { startTestWorker, type TestWorker } from '../support/temporal.js';
import { eventually, startApiHarness, type ApiHarness } from './support/api-harness.js';
import { TEST_TODAY } from '../support/test-today.js';

type Status = {
  providers: Array<{
    providerId: string;
    running: { progress: { phase: string; counts: { fetched: number } } | null } | null;
    lastRun: { status: string } | null;
  }>;
};
type History = { items: Array<{ status: string; mode: string; trigger: string; counts: { created: number } | null; durationMs: number | null }> };

/** The API driving the real tenantSync workflow on the real dev server, through HTTP only. */
describe('sync lifecycle through the API with the real workflow', () => {
  let harness: ApiHarness;
  let worker: TestWorker;
  let clever: Awaited<ReturnType<typeof startCleverSimulator>>;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let tenantId: string;
  let providerId: string;

  beforeAll(async () => {
    clever = await startCleverSimulator({ seed: 3, students: 600, today: TEST_TODAY });
    scim = await startScimmyServer();
    harness = await startApiHarness();
    worker = await startTestWorker(
      { db: harness.database.db, secrets: harness.secrets, sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } } },
      { taskQueue: harness.taskQueue },
    );
    tenantId = await harness.createTenant();
    ({ id: providerId } = await harness.expectJson<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, {
      body: { kind: 'clever', name: 'Clever', connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token } },
    }));
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await harness?.close();
    await Promise.allSettled([clever?.close(), scim?.close()]);
  });

  const status = () => harness.expectJson<Status>(200, 'GET', `/sync/${tenantId}/status`);
  const mine = (value: Status) => value.providers.find((entry) => entry.providerId === providerId);

  it('start → live progress → 409 while running → history shows the completed run', { timeout: 180_000 }, async () => {
    await harness.expectJson(202, 'POST', `/sync/${tenantId}/start`, { body: { providerId, mode: 'full' } });
    const conflict = await harness.call('POST', `/sync/${tenantId}/start`, { body: { providerId, mode: 'full' } });
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ error: { code: 'sync_already_running' } });

    const live = await eventually(status, (value) => (mine(value)?.running?.progress?.counts.fetched ?? 0) > 0, 'live progress');
    expect(mine(live)?.running?.progress?.phase).toMatch(/fetching|transforming|planning|applying|reconciling_seats|finishing/);

    await eventually(status, (value) => mine(value)?.running === null && mine(value)?.lastRun?.status === 'completed', 'the run to finish', 150_000);
    const history = await harness.expectJson<History>(200, 'GET', `/sync/${tenantId}/history?providerId=${providerId}`);
    expect(history.items[0]).toMatchObject({ status: 'completed', mode: 'full', trigger: 'api' });
    expect(history.items[0]?.counts?.created).toBeGreaterThan(500);
  });

  it('stop cancels a running sync and history shows it cancelled', { timeout: 180_000 }, async () => {
    await clever.faults.update({ latencyMs: 150 });
    await harness.expectJson(202, 'POST', `/sync/${tenantId}/start`, { body: { providerId, mode: 'full' } });
    await eventually(status, (value) => mine(value)?.running?.progress != null, 'the sync to run');
    await harness.expectJson(202, 'POST', `/sync/${tenantId}/stop`, { body: { providerId } });
    await eventually(
      status,
      (value) => mine(value)?.running === null && mine(value)?.lastRun?.status === 'cancelled',
      'the cancellation to be recorded',
      60_000,
    );
    const history = await harness.expectJson<History>(200, 'GET', `/sync/${tenantId}/history?providerId=${providerId}&status=cancelled`);
    expect(history.items).toHaveLength(1);
    await harness.expectJson(404, 'POST', `/sync/${tenantId}/stop`, { body: { providerId } });
  });
});
