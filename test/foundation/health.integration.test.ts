import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.js';
import { createLogger } from '../../src/logging/logger.js';
import { readinessProbes } from '../../src/main/runtime.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { connectTestClient } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/temporal/dev-server.js';

describe('health endpoints', () => {
  let database: TestDatabase;
  let temporal: Awaited<ReturnType<typeof connectTestClient>>;

  beforeAll(async () => {
    database = await createTestDatabase();
    temporal = await connectTestClient();
  });
  afterAll(async () => {
    await temporal.connection.close();
    await database.dispose();
  });

  function appWith(temporalPing: () => Promise<void>) {
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 2));
    return createApp({
      db: database.db,
      secrets,
      logger: createLogger('silent'),
      readiness: readinessProbes(database, secrets, temporalPing),
      temporal: { client: temporal.client, namespace: 'unused', taskQueue: 'unused', uiUrl: undefined },
      settings: { adminToken: undefined, defaultSyncIntervalSeconds: 3600, scimDefaultBaseUrl: undefined },
    });
  }

  it('answers /healthz without touching dependencies', async () => {
    const response = await appWith(() => Promise.reject(new Error('down'))).request('/healthz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('is ready when the real Temporal server and database answer', async () => {
    const app = appWith(async () => {
      await temporal.connection.workflowService.getSystemInfo({});
    });
    const response = await app.request('/readyz');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { database: { status: 'ok' }, temporal: { status: 'ok' } } });
  });

  it('is not ready (503) when Temporal is unreachable, naming the failing check', async () => {
    const deadAddress = `127.0.0.1:${await freePort()}`;
    const app = appWith(async () => {
      const connection = await Connection.connect({ address: deadAddress, connectTimeout: 500 });
      await connection.close();
    });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    const body = (await response.json()) as { checks: Record<string, { status: string }> };
    expect(body.checks.temporal?.status).toBe('failing');
    expect(body.checks.database?.status).toBe('ok');
  });

  it('serves unknown routes as 404 in the error shape', async () => {
    const response = await appWith(async () => {}).request('/no/such/route');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'no route for GET /no/such/route' } });
  });
});
