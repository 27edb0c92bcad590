import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { inject } from 'vitest';
import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { createSmokeCheckActivities } from './smoke-check-activities.js';
import { removeLeftovers } from './temporal-leftovers.js';
import { testSeatClock } from './test-today.js';

let runtimeInstalled = false;

/** Keeps worker logs to warnings so test output stays readable. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: console.error } });
  } catch {
    // Already installed by another suite in this process.
  }
}

export async function connectTestClient(): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  return { client: new Client({ connection, namespace: inject('temporalNamespace') }), connection };
}

export interface TestWorker {
  worker: Worker;
  taskQueue: string;
  run: Promise<void>;
  stop(): Promise<void>;
}

/**
 * A real worker on the test dev server, on its own task queue, with the prebuilt bundle (test-only
 * workflows included). Unless the suite brings its own, seats are judged on the fixed test day.
 */
export async function startTestWorker(
  deps: ActivityDeps,
  options: Partial<Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'activities' | 'identity'>> & { taskQueue?: string } = {},
): Promise<TestWorker> {
  quietRuntime();
  const connection = await NativeConnection.connect({ address: inject('temporalAddress') });
  const taskQueue = options.taskQueue ?? `test-${randomUUID()}`;
  const dated: ActivityDeps = { ...deps, seats: { ...deps.seats, now: deps.seats?.now ?? testSeatClock } };
  const worker = await Worker.create({
    connection,
    namespace: inject('temporalNamespace'),
    taskQueue,
    workflowBundle: { codePath: inject('workflowBundlePath') },
    activities: options.activities ?? { ...createActivities(dated), ...createSmokeCheckActivities(dated) },
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 20,
    ...(options.identity ? { identity: options.identity } : {}),
  });
  const run = worker.run();
  return {
    worker,
    taskQueue,
    run,
    // A suite's teardown: what ran on this worker's task queue must not outlive the suite.
    stop: async () => {
      try {
        await removeTaskQueueLeftovers(taskQueue);
      } finally {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await run;
        await connection.close();
      }
    },
  };
}

/** Deletes the schedules and terminates the open workflows of one task queue (see removeLeftovers). */
export async function removeTaskQueueLeftovers(taskQueue: string): Promise<void> {
  const { client, connection } = await connectTestClient();
  try {
    await removeLeftovers(client, taskQueue);
  } finally {
    await connection.close();
  }
}
