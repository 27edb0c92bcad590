import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { connectTestClient } from '../support/temporal.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { district, expectExactOutcome, FaultDatabase, terminateIfRunning, WorkerProcesses } from './fault-stack.js';

/**
 * Workers SIGKILLed in every phase of one run: right after a transform, right after planning,
 * and right after an apply batch committed its outcomes but before its result reached Temporal
 * (the batch whose counts a workflow summing activity results would lose).
 */
describe('workers killed in the transform, plan and apply phases of one run', () => {
  const store = district();
  let database: FaultDatabase;
  let sis: RunningSis;
  let scim: ScimmyServer;
  let workers: WorkerProcesses;
  const started: string[] = [];

  beforeAll(async () => {
    database = await FaultDatabase.create();
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    workers = new WorkerProcesses(() => ({
      ...database.workerEnv(),
      SECRETS_KEY: database.key.toString('hex'),
      SCIM_BASE_URL: scim.baseUrl,
      SCIM_TOKEN: scim.token,
    }));
  }, 120_000);

  afterAll(async () => {
    await terminateIfRunning(started);
    await workers?.stopAll();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('completes on a new worker, exact, and stores the counts of everything written, the lost batch included', { timeout: 300_000 }, async () => {
    const ids = await database.provision(sis.provider);
    const { client, connection } = await connectTestClient();
    try {
      started.push(syncWorkflowId(ids.tenantId, ids.providerId));
      const handle = await client.workflow.start('tenantSync', {
        taskQueue: workers.taskQueue,
        workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
        args: [{ ...ids, mode: 'full', trigger: 'test' }],
      });
      for (const killedAfter of ['transformBatch', 'planPart', 'applyScimBatches:2']) {
        const crashing = workers.startCrashing(killedAfter);
        await workers.exited(crashing);
        expect(crashing.signalCode, `worker killed after ${killedAfter}`).toBe('SIGKILL');
      }
      workers.start();
      const result = (await handle.result()) as TenantSyncResult;
      expect(result.status).toBe('completed');
      await workers.stopAll();

      const stored = await expectExactOutcome({ database, runId: result.runId, providerId: ids.providerId, store, scim });
      // The workflow's result carries the counts it stored.
      expect(result.counts).toMatchObject({ created: stored.created, membershipChanges: stored.membershipChanges, failed: 0 });
    } finally {
      await connection.close();
    }
  });
});
