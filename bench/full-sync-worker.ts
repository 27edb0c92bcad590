/**
 * One Temporal worker of bench/full-sync.ts, in a process of its own so its CPU and RSS are
 * measured apart from the other workers, the peers and the orchestrating bench. Driven over
 * IPC by the bench (not meant to be started by hand): it opens the bench's Postgres database,
 * polls the bench's task queue as `identity`, reports its CPU and peak RSS on request, and runs
 * the plain-loop baseline (the same activities without Temporal) when asked.
 */
import { type createActivities } from '../activities/index.js';
import type { SyncSettings } from '../activities/sync-deps.js';
import { openDatabase } from '../src/db/database.js';
import { EmbeddedSecretStore } from '../src/secrets/embedded-store.js';
import { createBenchWorker, installQuietRuntime } from './bench-worker.js';
import { runPlainLoop, type PlainLoopResult } from './plain-loop.js';

export interface BenchWorkerRequest {
  identity: string;
  databaseUrl: string;
  /** Hex of the embedded secret store's key (the bench's tenants' credentials are under it). */
  secretKey: string;
  temporal: { address: string; namespace: string };
  taskQueue: string;
  workflowBundlePath: string;
  sync: SyncSettings;
  maxConcurrentActivities: number;
  /** maxEagerActivityReservationsPerWorkflowTask; undefined keeps the SDK's default. */
  eagerActivities: number | undefined;
}

export interface ProcessFigures {
  cpuSeconds: number;
  rss: number;
  peakRss: number;
}

export type BenchWorkerCommand =
  | { type: 'start'; request: BenchWorkerRequest }
  | { type: 'stats' }
  | { type: 'reset-peak' }
  | { type: 'baseline'; ids: { tenantId: string; providerId: string } }
  | { type: 'stop' };

export type BenchWorkerMessage =
  | { type: 'ready' }
  | ({ type: 'stats' } & ProcessFigures)
  | { type: 'baseline'; result: PlainLoopResult; peakRss: number }
  | { type: 'error'; message: string };

/** Peak RSS of this process, sampled every 200 ms (a reset starts a new window). */
export class PeakRss {
  private peak = process.memoryUsage().rss;
  private readonly timer = setInterval(() => this.sample(), 200);
  constructor() {
    this.timer.unref();
  }
  sample(): number {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
    return this.peak;
  }
  reset(): void {
    this.peak = process.memoryUsage().rss;
  }
  figures(): ProcessFigures {
    const cpu = process.cpuUsage();
    return { cpuSeconds: (cpu.user + cpu.system) / 1e6, rss: process.memoryUsage().rss, peakRss: this.sample() };
  }
}

function send(message: BenchWorkerMessage): void {
  process.send?.(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

async function start(request: BenchWorkerRequest, peak: PeakRss): Promise<{ activities: ReturnType<typeof createActivities>; stop(): Promise<void> }> {
  installQuietRuntime(request.identity);
  const database = openDatabase({ kind: 'postgres', url: request.databaseUrl });
  const secrets = new EmbeddedSecretStore(database.db, Buffer.from(request.secretKey, 'hex'));
  const { activities, worker, connection } = await createBenchWorker({
    db: database.db,
    secrets,
    sync: request.sync,
    temporal: request.temporal,
    taskQueue: request.taskQueue,
    identity: request.identity,
    workflowBundle: { codePath: request.workflowBundlePath },
    maxConcurrentActivities: request.maxConcurrentActivities,
    eagerActivities: request.eagerActivities,
  });
  const running = worker.run();
  peak.reset();
  return {
    activities,
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await database.close();
    },
  };
}

// Only as a child of the bench: the module is also imported for its types and PeakRss.
if (process.send) {
  // The bench died without stopping this worker: do not linger polling its task queue.
  process.once('disconnect', () => process.exit(1));
  const peak = new PeakRss();
  let started: Awaited<ReturnType<typeof start>> | undefined;
  process.on('message', (command: BenchWorkerCommand) => {
    switch (command.type) {
      case 'start':
        start(command.request, peak).then(
          (value) => {
            started = value;
            send({ type: 'ready' });
          },
          (error: unknown) => send({ type: 'error', message: describe(error) }),
        );
        return;
      case 'stats':
        send({ type: 'stats', ...peak.figures() });
        return;
      case 'reset-peak':
        peak.reset();
        return;
      case 'baseline':
        if (!started) return send({ type: 'error', message: 'baseline before start' });
        peak.reset();
        runPlainLoop(started.activities, command.ids).then(
          (result) => send({ type: 'baseline', result, peakRss: peak.sample() }),
          (error: unknown) => send({ type: 'error', message: describe(error) }),
        );
        return;
      case 'stop':
        void (started?.stop() ?? Promise.resolve()).finally(() => process.exit(0));
        return;
    }
  });
}
