import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { connectTestClient } from '../support/temporal.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { waitFor } from '../sync/worker-process.js';
import { district, expectExactOutcome, FaultDatabase, terminateIfRunning, WorkerProcesses } from './fault-stack.js';

/**
 * A 20-second outage mid-apply, longer than MAX_RETRY_ATTEMPTS lasts, inside the outage budget.
 * On Postgres (TEST_DATABASE_URL) the database goes away: the worker reaches the suite's
 * database through a TCP proxy this test cuts (the shared server itself is never touched).
 * PGlite runs inside the worker and cannot become unreachable, so there the same proxy cuts
 * the network path to the SCIM target instead.
 */
describe('a 20-second outage mid-apply', () => {
  const store = district({ seed: 31, students: 300 });
  let database: FaultDatabase;
  let sis: RunningSis;
  let scim: ScimmyServer;
  let proxy: TcpProxy;
  let workers: WorkerProcesses;
  const started: string[] = [];
  let cutsDatabase: boolean;

  beforeAll(async () => {
    database = await FaultDatabase.create();
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    const postgres = database.postgresEndpoint;
    cutsDatabase = postgres !== undefined;
    const scimUrl = new URL(scim.baseUrl);
    proxy = postgres ? await startTcpProxy(postgres.host, postgres.port) : await startTcpProxy(scimUrl.hostname, Number(scimUrl.port));
    const scimBaseUrl = cutsDatabase
      ? scim.baseUrl
      : Object.assign(new URL(scim.baseUrl), { port: String(proxy.port) })
          .toString()
          .replace(/\/$/, '');
    workers = new WorkerProcesses(() => ({
      ...database.workerEnv(cutsDatabase ? proxy.port : undefined),
      SECRETS_KEY: database.key.toString('hex'),
      SCIM_BASE_URL: scimBaseUrl,
      SCIM_TOKEN: scim.token,
      MAX_RETRY_ATTEMPTS: '2',
      OUTAGE_BUDGET_MINUTES: '3',
      BATCH_SIZE: '10',
    }));
  }, 120_000);

  afterAll(async () => {
    await terminateIfRunning(started);
    await workers?.stopAll();
    await Promise.allSettled([sis?.close(), proxy?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('is waited out: the run completes, exact, with no duplicate and true counts', { timeout: 300_000 }, async () => {
    const ids = await database.provision(sis.provider);
    const { client, connection } = await connectTestClient();
    let result: TenantSyncResult;
    try {
      workers.start();
      started.push(syncWorkflowId(ids.tenantId, ids.providerId));
      const handle = await client.workflow.start('tenantSync', {
        taskQueue: workers.taskQueue,
        workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
        args: [{ ...ids, mode: 'full', trigger: 'test' }],
      });
      await waitFor(() => scim.traffic.stats.writes >= 5, 'the apply phase to be under way');
      await proxy.cut();
      await pause(20_000);
      await proxy.restore();
      result = (await workers.unlessAWorkerDies(handle.result())) as TenantSyncResult;
      expect(result.status, result.message ?? '').toBe('completed');
      // The outage outlasted Temporal's attempts: the workflow waited it out on timers.
      const history = await handle.fetchHistory();
      expect(history.events?.some((event) => event.timerStartedEventAttributes)).toBe(true);
    } finally {
      await connection.close();
      await workers.stopAll();
    }
    await expectExactOutcome({ database, runId: result.runId, providerId: ids.providerId, store, scim });
  });
});
