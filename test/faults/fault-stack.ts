import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { count, eq, and, like } from 'drizzle-orm';
import { expect, inject } from 'vitest';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { openDatabase, type Database, type DatabaseHandle } from '../../src/db/database.js';
import { countRunOutcomes } from '../../src/db/queries/run-outcome-counts.js';
import { auditLog, syncRuns } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import type { SyncCounts } from '../../src/temporal/sync-contract.js';
import { checkConvergence, differenceCounts, readTarget, NO_DIFFERENCES } from '../support/convergence-check.js';
import type { ProviderFixture } from '../../sim/fixtures/sis-peers.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { killed, spawnWorkerProcess, stderrTail } from '../sync/worker-process.js';
import { TEST_TODAY } from '../support/test-today.js';

/**
 * What every fault suite shares: a small district, a database the worker processes own
 * (a suite database on the machine's Postgres, or a PGlite directory), and worker processes
 * that can be killed. The test process touches a PGlite directory only while no worker runs.
 */
export interface FaultStackOptions {
  students?: number;
  seed?: number;
}

export const EMAIL_DOMAIN = 'springfield.k12.example';

export function district(options: FaultStackOptions = {}) {
  // A fixed "today" keeps terms and enrollments the same whatever the date the suite runs on.
  return createDistrictStore(generateDistrict({ seed: options.seed ?? 14, students: options.students ?? 200, today: TEST_TODAY }));
}

export class FaultDatabase {
  readonly key = Buffer.alloc(32, 14);
  private constructor(
    private readonly postgres: TestDatabase | undefined,
    private readonly pgliteDir: string | undefined,
  ) {}

  static async create(): Promise<FaultDatabase> {
    if (inject('testDatabaseUrl')) return new FaultDatabase(await createTestDatabase(), undefined);
    return new FaultDatabase(undefined, mkdtempSync(join(tmpdir(), 'sis-faults-')));
  }

  get url(): string | undefined {
    return this.postgres?.url;
  }

  /** Worker environment pointing at this database (on Postgres, optionally through a proxy on `viaPort`). */
  workerEnv(viaPort?: number): Record<string, string> {
    if (!this.postgres?.url) return { DATA_DIR: this.pgliteDir! };
    const url = new URL(this.postgres.url);
    if (viaPort !== undefined) url.port = String(viaPort);
    return { DATABASE_URL: url.toString() };
  }

  /** Where the suite's Postgres listens (undefined on PGlite). */
  get postgresEndpoint(): { host: string; port: number } | undefined {
    if (!this.postgres?.url) return undefined;
    const url = new URL(this.postgres.url);
    return { host: url.hostname, port: Number(url.port || 5432) };
  }

  async use<T>(work: (db: Database) => Promise<T>): Promise<T> {
    if (this.postgres) return work(this.postgres.db);
    const handle: DatabaseHandle = openDatabase({ kind: 'pglite', dataDir: join(this.pgliteDir!, 'pglite') });
    await handle.migrate();
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  async dispose(): Promise<void> {
    await this.postgres?.dispose();
    if (this.pgliteDir) rmSync(this.pgliteDir, { recursive: true, force: true });
  }

  provision(provider: ProviderFixture): Promise<{ tenantId: string; providerId: string }> {
    return this.use((db) => createTenantWithProvider(db, new EmbeddedSecretStore(db, this.key), provider, { emailDomain: EMAIL_DOMAIN }));
  }
}

/** Worker processes on a private task queue; `stopAll` ends every one still running. */
export class WorkerProcesses {
  readonly taskQueue = `faults-${randomUUID()}`;
  private readonly running = new Set<ChildProcess>();
  private stopping = false;

  constructor(private readonly baseEnv: () => Record<string, string>) {}

  start(extraEnv: Record<string, string> = {}, entry?: string): ChildProcess {
    const child = spawnWorkerProcess(
      {
        TEMPORAL_ADDRESS: inject('temporalAddress'),
        TEMPORAL_NAMESPACE: inject('temporalNamespace'),
        TEMPORAL_TASK_QUEUE: this.taskQueue,
        BATCH_SIZE: '25',
        ...this.baseEnv(),
        ...extraEnv,
      },
      entry,
    );
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    return child;
  }

  /** A worker that SIGKILLs itself right after `activity` completes its work (see test/support/crashing-worker.ts). */
  startCrashing(activity: string, extraEnv: Record<string, string> = {}): ChildProcess {
    return this.start({ ...extraEnv, CRASH_AFTER_ACTIVITY: activity }, 'test/support/crashing-worker.ts');
  }

  exited(child: ChildProcess): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => child.once('exit', () => resolve()));
  }

  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all([...this.running].map((child) => killed(child, 'SIGTERM')));
    this.stopping = false;
  }

  /**
   * `work`, unless a worker process dies first (one the test did not stop): then a failure
   * with its exit status and last stderr, at once — not a workflow that waits forever for a
   * worker that is gone.
   */
  async unlessAWorkerDies<T>(work: Promise<T>): Promise<T> {
    let onExit: ((child: ChildProcess) => void) | undefined;
    const died = new Promise<never>((_, reject) => {
      onExit = (child) => {
        if (this.stopping || child.signalCode === 'SIGTERM') return;
        reject(new Error(`worker process ${child.pid} died (exit ${child.exitCode ?? child.signalCode}):\n${stderrTail(child)}`));
      };
    });
    const children = [...this.running];
    const listeners = children.map((child) => {
      const listener = () => onExit!(child);
      child.once('exit', listener);
      return () => child.off('exit', listener);
    });
    try {
      return await Promise.race([work, died]);
    } finally {
      for (const remove of listeners) remove();
    }
  }
}

/** Leaves nothing running on the shared Temporal server when a suite ends early (a failed assertion, a timeout). */
export async function terminateIfRunning(workflowIds: readonly string[]): Promise<void> {
  if (workflowIds.length === 0) return;
  const { client, connection } = await connectTestClient();
  try {
    for (const workflowId of workflowIds) {
      const handle = client.workflow.getHandle(workflowId);
      const description = await handle.describe().catch(() => undefined);
      if (description?.status.name === 'RUNNING') await handle.terminate('fault suite ended');
    }
  } finally {
    await connection.close();
  }
}

/**
 * The end state every fault must leave: the target equals the SIS with no duplicates, each
 * SCIM create and member change has its audit entry, and the run's stored counts are what
 * it wrote (on a first sync into an empty target: every resource there was created by it).
 */
export async function expectExactOutcome(options: {
  database: FaultDatabase;
  runId: string;
  providerId: string;
  store: ReturnType<typeof district>;
  scim: { baseUrl: string; token: string };
}): Promise<SyncCounts> {
  const target = await readTarget(options.scim.baseUrl, options.scim.token);
  const report = checkConvergence({ store: options.store, providerId: options.providerId, target, emailDomain: EMAIL_DOMAIN });
  expect(differenceCounts(report), report.examples.join('\n')).toEqual(NO_DIFFERENCES);
  expect(target.users.length).toBeGreaterThan(0);
  const memberships = target.groups.reduce((total, group) => total + (group.members?.length ?? 0), 0);

  return options.database.use(async (db) => {
    const [run] = await db.select({ status: syncRuns.status, counts: syncRuns.counts }).from(syncRuns).where(eq(syncRuns.id, options.runId));
    expect(run?.status).toBe('completed');
    const counts = run!.counts as SyncCounts;
    const audited = async (action: string) =>
      Number(
        (
          await db
            .select({ n: count() })
            .from(auditLog)
            .where(and(eq(auditLog.runId, options.runId), like(auditLog.action, action), eq(auditLog.outcome, 'success')))
        )[0]?.n ?? 0,
      );
    const creates = (await audited('scim.user.create')) + (await audited('scim.group.create'));
    expect(creates).toBe(target.users.length + target.groups.length);
    expect(counts.created).toBe(target.users.length + target.groups.length);
    expect(counts.membershipChanges).toBe(memberships);
    expect(counts).toMatchObject(await countRunOutcomes(db, options.runId));
    expect(counts.failed).toBe(0);
    return counts;
  });
}
