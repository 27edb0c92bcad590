import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as pause } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { resolveToolBinary } from '../../src/temporal/cli-path.js';
import { freePort, startDevServer, type RunningDevServer } from '../../src/temporal/dev-server.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { waitFor } from '../sync/worker-process.js';
import { district, expectExactOutcome, FaultDatabase, WorkerProcesses } from './fault-stack.js';

/**
 * The Temporal server restarted mid-apply on its persistent database file. A private dev server
 * (never the suites' shared one) with its own sqlite file, stopped and started on the same port.
 */
describe('the Temporal dev server restarted mid-apply on its persistent file', () => {
  const store = district({ seed: 41 });
  const cliPath = resolveToolBinary('temporal', process.env.TEMPORAL_CLI, process.env.PATH);
  const dataDir = mkdtempSync(join(tmpdir(), 'sis-temporal-restart-'));
  let port: number;
  let temporal: RunningDevServer | undefined;
  let database: FaultDatabase;
  let sis: RunningSis;
  let scim: ScimmyServer;
  let workers: WorkerProcesses;

  const startTemporal = () => startDevServer({ cliPath, overrides: { port, uiPort: 0, dbFilename: join(dataDir, 'temporal.sqlite'), logLevel: 'error' } });

  beforeAll(async () => {
    port = await freePort();
    temporal = await startTemporal();
    database = await FaultDatabase.create();
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    workers = new WorkerProcesses(() => ({
      ...database.workerEnv(),
      SECRETS_KEY: database.key.toString('hex'),
      SCIM_BASE_URL: scim.baseUrl,
      SCIM_TOKEN: scim.token,
      TEMPORAL_ADDRESS: temporal!.address,
      TEMPORAL_NAMESPACE: temporal!.namespace,
      BATCH_SIZE: '10',
    }));
  }, 120_000);

  afterAll(async () => {
    await workers?.stopAll();
    await Promise.allSettled([sis?.close(), scim?.close(), temporal?.stop()]);
    await database?.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const connect = async () => {
    const connection = await Connection.connect({ address: temporal!.address });
    return { client: new Client({ connection, namespace: temporal!.namespace }), connection };
  };

  it('completes after the restart, exact, with true counts', { timeout: 300_000 }, async () => {
    const ids = await database.provision(sis.provider);
    workers.start();
    const workflowId = syncWorkflowId(ids.tenantId, ids.providerId);
    const before = await connect();
    try {
      await before.client.workflow.start('tenantSync', { taskQueue: workers.taskQueue, workflowId, args: [{ ...ids, mode: 'full', trigger: 'test' }] });
      await waitFor(() => scim.traffic.stats.writes >= 5, 'the apply phase to be under way');
    } finally {
      await before.connection.close();
    }
    await temporal!.stop();
    await pause(3_000);
    temporal = await startTemporal();

    const after = await connect();
    let result: TenantSyncResult;
    try {
      result = (await workers.unlessAWorkerDies(after.client.workflow.getHandle(workflowId).result())) as TenantSyncResult;
      expect(result.status).toBe('completed');
    } finally {
      await after.connection.close();
      await workers.stopAll();
    }
    await expectExactOutcome({ database, runId: result.runId, providerId: ids.providerId, store, scim });
  });
});
