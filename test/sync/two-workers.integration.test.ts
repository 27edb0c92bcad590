import { hostname } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { syncWorkflowId, type TenantSyncResult } from '../../src/temporal/sync-contract.js';
import { district, expectExactOutcome, FaultDatabase, terminateIfRunning, WorkerProcesses } from '../faults/fault-stack.js';
import { connectTestClient } from '../support/temporal.js';
import { waitFor } from './worker-process.js';

type TemporalClient = Awaited<ReturnType<typeof connectTestClient>>['client'];

/** temporal.api.enums.v1.TaskQueueType: a worker polls both kinds of task of its queue. */
const TASK_QUEUE_TYPES = { workflow: 1, activity: 2 } as const;

/** The identity a worker process polls with: the SDK's default, `<pid>@<hostname>`. */
function identityOf(child: ChildProcess): string {
  return `${child.pid}@${hostname()}`;
}

/** Identities polling `taskQueue` for tasks of both kinds. */
async function pollingIdentities(client: TemporalClient, taskQueue: string): Promise<Set<string>> {
  const polling = await Promise.all(
    Object.values(TASK_QUEUE_TYPES).map(async (taskQueueType) => {
      const { pollers } = await client.workflowService.describeTaskQueue({
        namespace: inject('temporalNamespace'),
        taskQueue: { name: taskQueue },
        taskQueueType,
      });
      return new Set((pollers ?? []).map((poller) => poller.identity ?? ''));
    }),
  );
  return new Set([...polling[0]!].filter((identity) => polling.every((identities) => identities.has(identity))));
}

/** Activity type and the identity of the worker that ran it, for every activity in a workflow's history. */
async function activityWorkers(client: TemporalClient, workflowId: string): Promise<Array<{ type: string; identity: string }>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const ran: Array<{ type: string; identity: string }> = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started) ran.push({ type: typeOfScheduled.get(String(started.scheduledEventId)) ?? '', identity: started.identity ?? '' });
  }
  return ran;
}

/**
 * One sync on two production worker processes polling one task queue. Small SIS pages, planning
 * parts and apply batches make many independent activities, and one activity slot per process
 * means that a second activity in flight has to go to the other process.
 */
describe('one sync shared by two worker processes', () => {
  const store = district({ seed: 23, students: 200 });
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
      SIS_PAGE_SIZE: '50',
      PLAN_PART_SIZE: '100',
      BATCH_SIZE: '25',
      WORKER_ACTIVITY_SLOTS: '1',
    }));
  }, 120_000);

  afterAll(async () => {
    await terminateIfRunning(started);
    await workers?.stopAll();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('runs transform, plan and apply activities in both processes and ends exact', { timeout: 300_000 }, async () => {
    const ids = await database.provision(sis.provider);
    await database.serveToConcurrentWorkers();
    const processes = [workers.start(), workers.start()];
    const identities = processes.map(identityOf).sort();
    const { client, connection } = await connectTestClient();
    try {
      // Both processes poll before the run starts, so neither can take a whole phase alone.
      await waitFor(async () => {
        const polling = await pollingIdentities(client, workers.taskQueue);
        return identities.every((identity) => polling.has(identity));
      }, 'both worker processes polling');

      const workflowId = syncWorkflowId(ids.tenantId, ids.providerId);
      started.push(workflowId);
      const handle = await client.workflow.start('tenantSync', { taskQueue: workers.taskQueue, workflowId, args: [{ ...ids, mode: 'full', trigger: 'test' }] });
      const result = (await handle.result()) as TenantSyncResult;
      expect(result.status).toBe('completed');

      const ran = await activityWorkers(client, workflowId);
      for (const type of ['transformBatch', 'planPart', 'applyScimBatch']) {
        const ranBy = new Set(ran.filter((activity) => activity.type === type).map((activity) => activity.identity));
        expect([type, [...ranBy].sort()]).toEqual([type, identities]);
      }
      await workers.stopAll();
      await expectExactOutcome({ database, runId: result.runId, providerId: ids.providerId, store, scim });
    } finally {
      await connection.close();
    }
  });
});
