import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SyncSettings } from '../activities/sync-deps.js';
import type { Database } from '../src/db/database.js';
import type { SecretStore } from '../src/secrets/secret-store.js';
import { PeakRss, type BenchWorkerCommand, type BenchWorkerMessage, type BenchWorkerRequest, type ProcessFigures } from './full-sync-worker.js';
import { createBenchWorker } from './bench-worker.js';
import { runPlainLoop, type PlainLoopResult } from './plain-loop.js';

/**
 * The workers of bench/full-sync.ts, as the bench sees them: each polls the bench's task
 * queue under its own identity, reports its process figures, and can run the plain-loop
 * baseline. On Postgres every worker is a child process (bench/full-sync-worker.ts), so CPU
 * and RSS are per worker; on PGlite, which lives inside one process, the single worker runs in
 * the bench's own process and its figures include the bench's client.
 */
export interface WorkerHost {
  identity: string;
  /** In its own process (figures are the worker's alone). */
  separate: boolean;
  figures(): Promise<ProcessFigures>;
  resetPeak(): void;
  baseline(ids: { tenantId: string; providerId: string }): Promise<{ result: PlainLoopResult; peakRss: number }>;
  stop(): Promise<void>;
}

class ChildWorkerHost implements WorkerHost {
  readonly separate = true;
  private waiters: Array<(message: BenchWorkerMessage) => void> = [];

  constructor(
    readonly identity: string,
    private readonly child: ChildProcess,
  ) {
    child.on('message', (message: BenchWorkerMessage) => {
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else if (message.type === 'error') console.error(`${identity} failed: ${message.message}`);
    });
  }

  request<T extends BenchWorkerMessage['type']>(command: BenchWorkerCommand, expect: T): Promise<Extract<BenchWorkerMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiters.push((message) =>
        message.type === expect
          ? resolve(message as Extract<BenchWorkerMessage, { type: T }>)
          : reject(new Error(`${this.identity} answered ${message.type}: ${message.type === 'error' ? message.message : ''}`)),
      );
      this.child.send(command);
    });
  }

  async figures(): Promise<ProcessFigures> {
    const { type: _type, ...figures } = await this.request({ type: 'stats' }, 'stats');
    return figures;
  }

  resetPeak(): void {
    this.child.send({ type: 'reset-peak' } satisfies BenchWorkerCommand);
  }

  async baseline(ids: { tenantId: string; providerId: string }) {
    const { result, peakRss } = await this.request({ type: 'baseline', ids }, 'baseline');
    return { result, peakRss };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies BenchWorkerCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** `profileDirectory`: write a V8 CPU profile of the worker process there when it stops. */
export async function spawnWorkerHost(request: BenchWorkerRequest, profileDirectory?: string): Promise<WorkerHost> {
  const profile = profileDirectory ? ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`] : [];
  const child = fork(fileURLToPath(new URL('./full-sync-worker.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...profile],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const host = new ChildWorkerHost(request.identity, child);
  await host.request({ type: 'start', request }, 'ready');
  return host;
}

export async function startInProcessWorkerHost(options: {
  identity: string;
  db: Database;
  secrets: SecretStore;
  sync: SyncSettings;
  temporal: { address: string; namespace: string };
  taskQueue: string;
  workflowBundleCode: string;
  maxConcurrentActivities: number;
  eagerActivities: number | undefined;
}): Promise<WorkerHost> {
  const { activities, worker, connection } = await createBenchWorker({ ...options, workflowBundle: { code: options.workflowBundleCode } });
  const running = worker.run();
  const peak = new PeakRss();
  return {
    identity: options.identity,
    separate: false,
    figures: async () => peak.figures(),
    resetPeak: () => peak.reset(),
    baseline: async (ids) => {
      peak.reset();
      const result = await runPlainLoop(activities, ids);
      return { result, peakRss: peak.sample() };
    },
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
    },
  };
}
