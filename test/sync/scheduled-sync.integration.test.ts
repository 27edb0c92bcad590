import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncRuns } from '../../src/db/schema/index.js';
import { temporalSyncSchedules } from '../../src/temporal/schedules.js';
import { syncWorkflowId } from '../../src/temporal/sync-contract.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';
import { waitFor } from './worker-process.js';

describe('scheduled syncs', () => {
  let stack: SyncStack;
  let database: SyncStack['database'];
  let worker: SyncStack['worker'];
  let temporal: SyncStack['temporal'];
  let ids: SyncStack['ids'];

  beforeAll(async () => {
    stack = await startSyncStack({ kind: 'clever', seed: 31, students: 400 });
    ({ database, worker, temporal, ids } = stack);
  }, 120_000);

  afterAll(async () => {
    await temporalSyncSchedules(temporal.client)
      .delete(ids.tenantId, ids.providerId)
      .catch(() => {});
    await stack?.close();
  });

  const runsOf = () =>
    database.db
      .select()
      .from(syncRuns)
      .where(and(eq(syncRuns.providerId, ids.providerId), eq(syncRuns.trigger, 'schedule')))
      .orderBy(desc(syncRuns.startedAt));

  it('runs incremental from the schedule, promoted to full when no full sync is recent (the safety net)', { timeout: 180_000 }, async () => {
    // Through the operations a provider's administration uses (paused: the test triggers each run).
    const schedules = temporalSyncSchedules(temporal.client);
    await schedules.create({ ...ids, providerKind: 'clever', intervalSeconds: 3600, paused: true, taskQueue: worker.taskQueue });
    const created = await schedules.describe(ids.tenantId, ids.providerId);
    const schedule = temporal.client.schedule.getHandle(created!.scheduleId);

    await schedule.trigger();
    await waitFor(async () => (await runsOf())[0]?.status === 'completed', 'the first scheduled run');
    const [first] = await runsOf();
    expect(first).toMatchObject({ mode: 'full', trigger: 'schedule' });
    expect(first?.message).toMatch(/periodic full sync/);

    // The run records its row before its workflow closes; a trigger while the schedule's workflow
    // still runs would be skipped (overlap policy SKIP), so the second one waits for it to close.
    await waitFor(async () => (await schedule.describe()).info.runningActions.length === 0, 'the first scheduled workflow to close');
    await schedule.trigger();
    await waitFor(async () => (await runsOf()).length === 2 && (await runsOf())[0]?.status === 'completed', 'the second scheduled run');
    const [second] = await runsOf();
    expect(second).toMatchObject({ mode: 'incremental', trigger: 'schedule', message: null });
  });

  it('skips instead of running beside a sync of the same provider started elsewhere', { timeout: 180_000 }, async () => {
    // The previous test's run has recorded its row; let its workflow close too.
    await temporal.client.workflow.getHandle(syncWorkflowId(ids.tenantId, ids.providerId)).result();
    const running = await temporal.client.workflow.start('tenantSync', {
      taskQueue: worker.taskQueue,
      workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
      args: [{ ...ids, mode: 'full', trigger: 'api' }],
    });
    const scheduled = await temporal.client.workflow.execute('scheduledSync', {
      taskQueue: worker.taskQueue,
      workflowId: `scheduled-test-${Date.now()}`,
      args: [{ ...ids, mode: 'incremental', trigger: 'schedule' }],
    });
    expect(scheduled).toEqual({ status: 'skipped', reason: 'another sync of this provider is running' });
    expect(await running.result()).toMatchObject({ status: 'completed' });
  });
});
