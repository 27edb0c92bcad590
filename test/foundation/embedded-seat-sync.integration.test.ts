import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { startCleverSimulator } from '../../sim/clever/server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { activityDeps, composeApi } from '../../src/main/compose.js';
import { openStorage } from '../../src/main/runtime.js';
import { eventually } from '../api/support/api-harness.js';
import { startTestWorker, type TestWorker } from '../support/temporal.js';
import { TEST_TODAY } from '../support/test-today.js';

type Status = { providers: Array<{ providerId: string; running: unknown; lastRun: { status: string; message: string | null } | null }> };
type Seats = { utilisation: Array<{ poolId: string; capacity: number; held: number; waitlisted: number }> };

/**
 * What `npm start` builds with no environment set (embedded PGlite under DATA_DIR, the
 * embedded secrets store), driven only through the API: a tenant with a seat pool syncs to the
 * end and its seats are allocated. PGlite is one connection, so this proves no step of a sync
 * waits on a query queued behind its own transaction.
 */
describe('embedded defaults: a full sync of a tenant with a seat pool, through the API', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-bridge-embedded-'));
  const adminToken = `admin-${randomUUID()}`;
  let clever: Awaited<ReturnType<typeof startCleverSimulator>>;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let storage: Awaited<ReturnType<typeof openStorage>>;
  let api: Awaited<ReturnType<typeof composeApi>>;
  let worker: TestWorker;

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await api.app.request(path, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as unknown, text };
  };
  const expectStatus = async <T>(status: number, method: string, path: string, body?: unknown): Promise<T> => {
    const response = await call(method, path, body);
    expect(response.status, `${method} ${path} → ${response.text}`).toBe(status);
    return response.body as T;
  };

  beforeAll(async () => {
    clever = await startCleverSimulator({ seed: 11, students: 120, today: TEST_TODAY });
    scim = await startScimmyServer();
    const config = parseConfig({ DATA_DIR: dataDir, ADMIN_API_TOKEN: adminToken, TEMPORAL_TASK_QUEUE: `embedded-${randomUUID()}`, LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    storage = await openStorage(config, logger);
    expect(storage.database.driver).toBe('pglite');
    expect(storage.secrets.kind).toBe('embedded');
    api = await composeApi(
      config,
      logger,
      { address: inject('temporalAddress'), namespace: inject('temporalNamespace'), uiUrl: inject('temporalUiUrl') },
      storage,
      adminToken,
    );
    worker = await startTestWorker(activityDeps(config, storage), { taskQueue: config.TEMPORAL_TASK_QUEUE });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await api?.connection.close();
    await storage?.database.close();
    await Promise.allSettled([clever?.close(), scim?.close()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes, allocates seats and answers status and readiness meanwhile', { timeout: 180_000 }, async () => {
    const tenantId = 'embedded-district';
    await expectStatus(201, 'POST', '/tenants', { id: tenantId, name: 'Embedded District', settings: { emailDomain: 'springfield.k12.example' } });
    await expectStatus(200, 'PUT', `/tenants/${tenantId}/scim-target`, { baseUrl: scim.baseUrl, token: scim.token });
    const provider = await expectStatus<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, {
      kind: 'clever',
      name: 'Clever',
      connection: { baseUrl: clever.baseUrl },
      credentials: { token: clever.token },
    });
    await expectStatus(201, 'PUT', `/tenants/${tenantId}/seat-pools/math`, { name: 'Math', capacity: 50, eligibility: { roles: ['student', 'teacher'] } });

    await expectStatus(202, 'POST', `/sync/${tenantId}/start`, { providerId: provider.id, mode: 'full' });
    const done = await eventually(
      async () => {
        // Readiness and status must answer while the sync holds the embedded database.
        expect((await call('GET', '/readyz')).status).toBe(200);
        return expectStatus<Status>(200, 'GET', `/sync/${tenantId}/status`);
      },
      (status) => {
        const mine = status.providers.find((entry) => entry.providerId === provider.id);
        return mine?.running === null && mine.lastRun !== null && mine.lastRun.status !== 'running';
      },
      'the sync to finish',
      150_000,
    );
    expect(done.providers[0]?.lastRun).toMatchObject({ status: 'completed' });

    const seats = await expectStatus<Seats>(200, 'GET', `/tenants/${tenantId}/seats?pool=math`);
    const pool = seats.utilisation.find((entry) => entry.poolId === 'math');
    expect(pool).toMatchObject({ capacity: 50, held: 50 });
    expect(pool?.waitlisted).toBeGreaterThan(0);
  });
});
