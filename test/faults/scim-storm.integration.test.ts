import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { connectTestClient } from '../support/temporal.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { district, expectExactOutcome, FaultDatabase, terminateIfRunning, WorkerProcesses } from './fault-stack.js';

/**
 * Storms on both sides of a run, each through a fault proxy: the SIS (Clever, then OneRoster)
 * answers 5xx and 429 and cuts bodies short; the SCIM target — SCIMMY serving Groups whose
 * externalId is not unique — answers 5xx and 429 and loses the response of writes it applied.
 * A lost create that were simply re-sent would leave a second Group; it must be looked up
 * and adopted instead.
 */
describe.each([
  { bulk: true, sisKind: 'clever' as const, name: 'SCIM through /Bulk, Clever' },
  { bulk: false, sisKind: 'classlink' as const, name: 'SCIM as single requests, OneRoster' },
])('SIS and SCIM storms ($name), on a target without unique Group externalIds', ({ bulk, sisKind }) => {
  const store = district({ seed: bulk ? 21 : 22 });
  let database: FaultDatabase;
  let sis: RunningSis;
  let scim: ScimmyServer;
  let proxy: FaultProxy;
  let sisProxy: FaultProxy;
  let workers: WorkerProcesses;
  const started: string[] = [];

  beforeAll(async () => {
    database = await FaultDatabase.create();
    sis = await startSisFor(sisKind, store);
    sisProxy = await startFaultProxy(sis.provider.baseUrl, { serverError: 0.1, rateLimited: 0.1, truncated: 0.05 }, bulk ? 3 : 4);
    scim = await startScimmyServer({ uniqueGroupExternalIds: false, bulk });
    proxy = await startFaultProxy(scim.baseUrl, { serverError: 0.1, rateLimited: 0.03, lostResponse: 0.15 }, bulk ? 1 : 2);
    workers = new WorkerProcesses(() => ({
      ...database.workerEnv(),
      SECRETS_KEY: database.key.toString('hex'),
      SCIM_BASE_URL: proxy.url,
      SCIM_TOKEN: scim.token,
    }));
  }, 120_000);

  afterAll(async () => {
    await terminateIfRunning(started);
    await workers?.stopAll();
    await Promise.allSettled([sis?.close(), sisProxy?.close(), proxy?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('ends with the target equal to the SIS, no duplicate Group, and true counts', { timeout: 240_000 }, async () => {
    const ids = await database.provision({ ...sis.provider, baseUrl: sisProxy.url });
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
      result = (await workers.unlessAWorkerDies(handle.result())) as TenantSyncResult;
      expect(result.status).toBe('completed');
    } finally {
      await connection.close();
      await workers.stopAll();
    }
    expect(proxy.counts.lostResponse).toBeGreaterThan(0);
    expect(proxy.counts.serverError).toBeGreaterThan(0);
    expect(sisProxy.counts.serverError + sisProxy.counts.rateLimited + sisProxy.counts.truncated).toBeGreaterThan(0);
    // Read straight from the server, past the proxy.
    await expectExactOutcome({ database, runId: result.runId, providerId: ids.providerId, store, scim });
  });
});
