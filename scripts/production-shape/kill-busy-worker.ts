import type { Client } from '@temporalio/client';
import type { BridgeProcess } from './bridge-process.js';

export interface KilledWorker {
  name: string;
  pid: number;
  /** The activity it was running when killed (from the workflow's pending activities). */
  activityInFlight: string | null;
}

/**
 * SIGKILLs the worker that is running one of the workflow's activities right now, so the kill
 * lands mid-activity (not on an idle worker). Temporal names the worker of a pending activity
 * by its identity, `<pid>@<hostname>` by default. Falls back to the first worker if no
 * activity of ours is in flight within a few seconds.
 */
export async function killBusyWorker(client: Client, workflowId: string, workers: BridgeProcess[]): Promise<KilledWorker> {
  const byPid = new Map(workers.map((worker) => [String(worker.pid), worker]));
  let victim: BridgeProcess | undefined;
  let activity: string | null = null;
  for (let attempt = 0; attempt < 100 && !victim; attempt += 1) {
    const description = await client.workflow.getHandle(workflowId).describe();
    for (const pending of description.raw.pendingActivities ?? []) {
      const worker = byPid.get(pending.lastWorkerIdentity?.split('@')[0] ?? '');
      if (worker && worker.child.exitCode === null) {
        victim = worker;
        activity = pending.activityType?.name ?? null;
        break;
      }
    }
    if (!victim) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  victim ??= workers[0]!;
  const exited = new Promise((resolve) => victim.child.once('exit', resolve));
  victim.child.kill('SIGKILL');
  await exited;
  return { name: victim.name, pid: victim.pid, activityInFlight: activity };
}
