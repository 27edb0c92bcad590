import { ScheduleNotFoundError, WorkflowNotFoundError, type Client } from '@temporalio/client';

/** What is still alive on the shared dev server: open workflow executions and schedules. */
export interface TemporalLeftovers {
  workflows: { workflowId: string; runId: string; taskQueue: string }[];
  schedules: string[];
}

const RECHECKS = 10;
const RECHECK_PAUSE_MS = 300;

/** Open workflows and schedules, all of them or only those that run on `taskQueue`. */
export async function findLeftovers(client: Client, taskQueue?: string): Promise<TemporalLeftovers> {
  const query = `ExecutionStatus = "Running"${taskQueue ? ` AND TaskQueue = "${taskQueue}"` : ''}`;
  const workflows: TemporalLeftovers['workflows'] = [];
  for await (const execution of client.workflow.list({ query }))
    workflows.push({ workflowId: execution.workflowId, runId: execution.runId, taskQueue: execution.taskQueue });
  const schedules: string[] = [];
  for await (const summary of client.schedule.list()) {
    if (taskQueue === undefined || (await scheduleTaskQueue(client, summary.scheduleId)) === taskQueue) schedules.push(summary.scheduleId);
  }
  return { workflows, schedules };
}

/**
 * Deletes the schedules and terminates the open workflows of one task queue, so no suite leaves
 * work behind for the suites after it. Schedules go first so none fires while workflows are being
 * terminated; the list is read again because visibility lags a just-started workflow.
 */
export async function removeLeftovers(client: Client, taskQueue: string): Promise<void> {
  for (let attempt = 0; attempt < RECHECKS; attempt++) {
    const { workflows, schedules } = await findLeftovers(client, taskQueue);
    if (workflows.length === 0 && schedules.length === 0) return;
    await Promise.all(schedules.map((scheduleId) => client.schedule.getHandle(scheduleId).delete().catch(ignoreAlreadyGone)));
    await Promise.all(
      workflows.map(({ workflowId, runId }) => client.workflow.getHandle(workflowId, runId).terminate('test suite ended').catch(ignoreAlreadyGone)),
    );
    await pause(RECHECK_PAUSE_MS);
  }
}

/** All leftovers on the server, read until two reads agree there are none or the rechecks run out. */
export async function settledLeftovers(client: Client): Promise<TemporalLeftovers> {
  let leftovers = await findLeftovers(client);
  for (let attempt = 0; attempt < RECHECKS && (leftovers.workflows.length > 0 || leftovers.schedules.length > 0); attempt++) {
    await pause(RECHECK_PAUSE_MS);
    leftovers = await findLeftovers(client);
  }
  return leftovers;
}

async function scheduleTaskQueue(client: Client, scheduleId: string): Promise<string | undefined> {
  try {
    const description = await client.schedule.getHandle(scheduleId).describe();
    return description.action.type === 'startWorkflow' ? description.action.taskQueue : undefined;
  } catch (error) {
    ignoreAlreadyGone(error);
    return undefined;
  }
}

/** Another suite's cleanup (or the workflow itself) may have finished it first; that is the goal. */
function ignoreAlreadyGone(error: unknown): void {
  if (error instanceof WorkflowNotFoundError || error instanceof ScheduleNotFoundError) return;
  throw error;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
