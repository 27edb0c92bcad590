import { NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import type { SyncSettings } from '../activities/sync-deps.js';
import type { Database } from '../src/db/database.js';
import type { SecretStore } from '../src/secrets/secret-store.js';

/** The Temporal runtime of a bench process: quiet but for warnings and errors, labelled. */
export function installQuietRuntime(label: string): void {
  Runtime.install({
    shutdownSignals: [],
    logger: {
      log: () => {},
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: (message) => console.warn(`[${label}] ${message}`),
      error: (message) => console.error(`[${label}] ${message}`),
    },
  });
}

export interface BenchWorkerOptions {
  db: Database;
  secrets: SecretStore;
  sync: SyncSettings;
  temporal: { address: string; namespace: string };
  taskQueue: string;
  identity: string;
  workflowBundle: { code: string } | { codePath: string };
  maxConcurrentActivities: number;
  /** 0 turns eager activity dispatch off; undefined keeps the SDK's default. */
  eagerActivities: number | undefined;
}

/** A worker with the product's activities, as the bench runs it (in the bench process or a child). */
export async function createBenchWorker(
  options: BenchWorkerOptions,
): Promise<{ activities: ReturnType<typeof createActivities>; worker: Worker; connection: NativeConnection }> {
  const activities = createActivities({ db: options.db, secrets: options.secrets, sync: options.sync });
  const connection = await NativeConnection.connect({ address: options.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: options.temporal.namespace,
    taskQueue: options.taskQueue,
    identity: options.identity,
    workflowBundle: options.workflowBundle,
    activities,
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivities,
    ...(options.eagerActivities === undefined ? {} : { maxEagerActivityReservationsPerWorkflowTask: options.eagerActivities }),
  });
  return { activities, worker, connection };
}
