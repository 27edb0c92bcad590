/**
 * End-to-end full-sync benchmark: prints figures, asserts nothing.
 *   npx tsx bench/full-sync.ts --provider clever|classlink --students N
 *     [--target scimmy|better-auth|sink] [--sink-bulk] [--workers N] [--skip-baseline] [--skip-resync]
 *     [--disable-eager-activities] [--skip-analyze] [--batch-size B] [--sis-page-size P] [--seed S] [--database-url URL | --pglite]
 *     [--temporal-cli PATH]
 *     [--profile-peers DIR] [--profile-workers DIR]   (V8 CPU profiles of those processes; on PGlite the
 *     worker runs in the bench's process: node --cpu-prof --import tsx bench/full-sync.ts ...)
 *
 * Stands up its own Temporal dev server (free ports, in memory), a database (a dedicated
 * database on Postgres at --database-url or postgres://postgres@127.0.0.1:5432/test when
 * reachable, dropped afterwards; else in-memory PGlite), and, each in a child process so they
 * are measured apart: the SIS simulator with a generated district of N students plus the SCIM
 * target, and --workers worker processes polling one task queue (on PGlite, which lives in one
 * process, the single worker runs in this process). Workers are configured as the service's
 * (20 concurrent activities, eager activity dispatch as the server allows);
 * --disable-eager-activities turns eager dispatch off, to see how work spreads without it.
 * The sink target (sim/scim/sink-server.ts)
 * costs next to nothing per request, so it measures the bridge; SCIMMY is the realistic one.
 *
 * Before each run the bench database is ANALYZEd (unless --skip-analyze): a production
 * Postgres's autovacuum would have refreshed the statistics between a first sync and the next
 * one, but the test server runs with autovacuum off and PGlite has none, and with statistics
 * from before the first load a resync's target verification joins members with nested loops
 * (more than a minute per page of 100 groups at 10k students).
 *
 * It runs a first full sync, checks that the target now equals the district under the mapping
 * (test/support/convergence-check.ts, in the peers process; printed, never asserted), then an
 * immediate no-change resync (unless --skip-resync), and prints for each: wall
 * time, rates, SCIM writes, per-phase wall and CPU (workers, Postgres, peers), peak RSS and CPU
 * per worker, Postgres CPU of the bench database, history sizes across the continue-as-new
 * chain, activity time by type and which worker ran what. Then the plain-loop baseline: the
 * same activity functions called in a loop without Temporal (bench/plain-loop.ts), in the first
 * worker's process, for a second tenant of the same district on a fresh target of the same
 * kind (first sync, then resync), and the ratio Temporal / plain.
 */
import { installQuietRuntime } from './bench-worker.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { bundleWorkflowCode } from '@temporalio/worker';
import { DEFAULT_SYNC_SETTINGS } from '../activities/sync-deps.js';
import { scimTargets } from '../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../src/secrets/embedded-store.js';
import { scimTargetSecretPath } from '../src/secrets/secret-store.js';
import { resolveToolBinary } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { syncWorkflowId, TENANT_SYNC_WORKFLOW, type TenantSyncResult } from '../src/temporal/sync-contract.js';
import { workflowsPath } from '../src/temporal/worker.js';
import { createTenantWithProvider } from '../sim/fixtures/tenant-fixture.js';
import { DEFAULT_BENCH_DATABASE_URL, openBenchDatabase, openPgliteBenchDatabase, type BenchDatabase } from './bench-database.js';
import { applyPhases, PhaseSampler, PostgresCpu, walkChain } from './full-sync-figures.js';
import { Peers } from './full-sync-peers-client.js';
import {
  loadAverage,
  printBaseline,
  printConvergence,
  printRun,
  printSummary,
  type BaselineFigures,
  type BenchSetup,
  type RunFigures,
} from './full-sync-report.js';
import { spawnWorkerHost, startInProcessWorkerHost, type WorkerHost } from './worker-hosts.js';

const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'clever' },
    students: { type: 'string', default: '10000' },
    target: { type: 'string', default: 'scimmy' },
    'sink-bulk': { type: 'boolean', default: false },
    workers: { type: 'string', default: '1' },
    'skip-baseline': { type: 'boolean', default: false },
    /** Only the first full sync (at 1M students the resync doubles a long run). */
    'skip-resync': { type: 'boolean', default: false },
    'disable-eager-activities': { type: 'boolean', default: false },
    /** Do not ANALYZE the bench database before each run (see analyzeBetweenRuns). */
    'skip-analyze': { type: 'boolean', default: false },
    /** Use in-memory PGlite even when Postgres answers (one worker, in this process). */
    pglite: { type: 'boolean', default: false },
    'batch-size': { type: 'string', default: String(DEFAULT_SYNC_SETTINGS.batchSize) },
    'sis-page-size': { type: 'string', default: String(DEFAULT_SYNC_SETTINGS.sisPageSize) },
    seed: { type: 'string', default: '7' },
    'database-url': { type: 'string' },
    'temporal-cli': { type: 'string' },
    /** Write a V8 CPU profile of the peers process (SIS + SCIM) into this directory. */
    'profile-peers': { type: 'string' },
    /** Write a V8 CPU profile of each worker process (Postgres only) into this directory. */
    'profile-workers': { type: 'string' },
  },
});

const provider = oneOf(values.provider, ['clever', 'classlink'] as const, '--provider');
const target = oneOf(values.target, ['scimmy', 'better-auth', 'sink'] as const, '--target');
const students = positiveInteger(values.students, '--students');
const batchSize = positiveInteger(values['batch-size'], '--batch-size');
const sisPageSize = positiveInteger(values['sis-page-size'], '--sis-page-size');
const workerCount = positiveInteger(values.workers, '--workers');
const seed = Number(values.seed);

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function positiveInteger(value: string, flag: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0) throw new Error(`${flag} must be a positive integer`);
  return number;
}

const log = (line: string) => console.log(line);
const MAX_CONCURRENT_ACTIVITIES = 20;
/** Eager activity slots per workflow task: undefined keeps the SDK's default (as the service runs). */
const eagerActivities = values['disable-eager-activities'] ? 0 : undefined;

async function main(): Promise<void> {
  installQuietRuntime('temporal');
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch((error: unknown) => console.error('cleanup:', error));
  };
  // Interrupted: still stop the dev server, the workers and the peers and drop the database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`${signal}: cleaning up`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  try {
    const setupStarted = performance.now();
    const serverLog: string[] = [];
    const temporal = await startDevServer({
      cliPath: resolveToolBinary('temporal', values['temporal-cli'], undefined),
      overrides: { port: 0, uiPort: 0, dbFilename: null, logLevel: 'error' },
      log: (line) => serverLog.push(line),
    }).catch((error: unknown) => {
      console.error(serverLog.join('\n'));
      throw error;
    });
    cleanups.push(() => temporal.stop());
    const database = values.pglite
      ? await openPgliteBenchDatabase('--pglite')
      : await openBenchDatabase(values['database-url'] ?? DEFAULT_BENCH_DATABASE_URL, values['database-url'] !== undefined);
    cleanups.push(() => database.dispose());
    if (!database.url && workerCount > 1) throw new Error('--workers above 1 needs Postgres: PGlite lives inside one process');

    const peers = Peers.spawn(values['profile-peers']);
    cleanups.push(() => peers.stop());
    const ready = await peers.request({ type: 'start', request: { provider, target, sinkBulk: values['sink-bulk'], students, seed } }, 'ready');

    const secretKey = randomBytes(32);
    const secrets = new EmbeddedSecretStore(database.db, secretKey);
    const tenantSettings = { emailDomain: 'springfield.k12.example' };
    const ids = await createTenantWithProvider(database.db, secrets, ready.provider, tenantSettings);
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { log: () => {}, info: () => {}, warn: () => {}, error: console.error, debug: () => {}, trace: () => {} },
    });
    const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
    const sync = { ...DEFAULT_SYNC_SETTINGS, batchSize, sisPageSize, scimDefaults: { baseUrl: ready.scim.baseUrl, token: ready.scim.token } };
    const hosts = await startWorkers(database, secrets, secretKey, bundle.code, temporal, taskQueue, sync, cleanups);
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });

    const setup: BenchSetup = {
      provider,
      target: target === 'sink' && values['sink-bulk'] ? 'sink (bulk)' : target,
      students,
      workers: hosts.length,
      district: ready.district,
    };
    log(
      `full-sync bench: provider ${provider}, target ${setup.target}, ${students.toLocaleString('en-US')} students (seed ${seed}), batch size ${batchSize}, SIS pages of ${sisPageSize}, ${hosts.length} worker(s)${hosts[0]!.separate ? ' in processes of their own' : ' in the bench process (PGlite)'}${eagerActivities === 0 ? ', eager activity dispatch off' : ''}`,
    );
    log(
      `  district: ${ready.district.users.toLocaleString('en-US')} users, ${ready.district.groups.toLocaleString('en-US')} groups, ${ready.district.memberships.toLocaleString('en-US')} memberships`,
    );
    log(`  database: ${database.label}`);
    log(
      `  setup: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (district + simulators ${ready.setupSeconds.toFixed(1)} s); load before: ${loadAverage()}`,
    );

    const postgres = new PostgresCpu(database.db, database.name);
    const analyzeBetweenRuns = async () => {
      if (!values['skip-analyze']) await database.db.execute(sql`analyze`);
    };
    log(`  statistics: ${values['skip-analyze'] ? 'left to the server (--skip-analyze)' : 'the bench database is analyzed before each run'}`);
    const runs: RunFigures[] = [];
    for (const label of values['skip-resync'] ? ['first full sync'] : ['first full sync', 'no-change resync']) {
      await analyzeBetweenRuns();
      runs.push(await measureRun(label, client, taskQueue, ids, peers, database, hosts, postgres));
      printRun(runs.at(-1)!, setup);
      if (runs.length === 1)
        printConvergence(await peers.request({ type: 'check', providerId: ids.providerId, emailDomain: tenantSettings.emailDomain }, 'convergence'));
    }
    const baselines: BaselineFigures[] = [];
    if (!values['skip-baseline']) {
      const { scim } = await peers.request({ type: 'new-target' }, 'target');
      const baselineIds = await createTenantWithProvider(database.db, secrets, ready.provider, tenantSettings);
      const secretPath = scimTargetSecretPath(baselineIds.tenantId);
      await secrets.put(secretPath, { token: scim.token });
      await database.db.insert(scimTargets).values({ tenantId: baselineIds.tenantId, baseUrl: scim.baseUrl, secretPath });
      for (const [index, label] of ['first full sync', 'no-change resync'].entries()) {
        await analyzeBetweenRuns();
        baselines.push(await measureBaseline(label, hosts[0]!, baselineIds, peers, postgres, runs[index]!));
        printBaseline(baselines.at(-1)!);
      }
    }
    printSummary(runs, baselines, setup);
  } finally {
    await cleanup();
  }
}

async function startWorkers(
  database: BenchDatabase,
  secrets: EmbeddedSecretStore,
  secretKey: Buffer,
  bundleCode: string,
  temporal: { address: string; namespace: string },
  taskQueue: string,
  sync: typeof DEFAULT_SYNC_SETTINGS,
  cleanups: Array<() => Promise<void>>,
): Promise<WorkerHost[]> {
  const temporalAddress = { address: temporal.address, namespace: temporal.namespace };
  if (!database.url) {
    const host = await startInProcessWorkerHost({
      identity: 'bench-worker-1',
      db: database.db,
      secrets,
      sync,
      temporal: temporalAddress,
      taskQueue,
      workflowBundleCode: bundleCode,
      maxConcurrentActivities: MAX_CONCURRENT_ACTIVITIES,
      eagerActivities,
    });
    cleanups.push(() => host.stop());
    return [host];
  }
  const directory = mkdtempSync(join(tmpdir(), 'full-sync-bench-'));
  cleanups.push(async () => rmSync(directory, { recursive: true, force: true }));
  const workflowBundlePath = join(directory, 'workflow-bundle.js');
  writeFileSync(workflowBundlePath, bundleCode);
  const databaseUrl = database.url;
  const hosts = await Promise.all(
    Array.from({ length: workerCount }, (_, index) =>
      spawnWorkerHost(
        {
          identity: `bench-worker-${index + 1}`,
          databaseUrl,
          secretKey: secretKey.toString('hex'),
          temporal: temporalAddress,
          taskQueue,
          workflowBundlePath,
          sync,
          maxConcurrentActivities: MAX_CONCURRENT_ACTIVITIES,
          eagerActivities,
        },
        values['profile-workers'],
      ),
    ),
  );
  for (const host of hosts) cleanups.push(() => host.stop());
  return hosts;
}

async function measureRun(
  label: string,
  client: Client,
  taskQueue: string,
  ids: { tenantId: string; providerId: string },
  peers: Peers,
  database: BenchDatabase,
  hosts: WorkerHost[],
  postgres: PostgresCpu,
): Promise<RunFigures> {
  peers.send({ type: 'reset' });
  for (const host of hosts) host.resetPeak();
  const workersBefore = await Promise.all(hosts.map((host) => host.figures()));
  const peersBefore = await peers.request({ type: 'stats' }, 'stats');
  const postgresBefore = await postgres.read();
  const readCpu = async () => ({
    workers: (await Promise.all(hosts.map((host) => host.figures()))).reduce((sum, figures) => sum + figures.cpuSeconds, 0),
    postgres: await postgres.read(),
    peers: (await peers.request({ type: 'stats' }, 'stats')).cpuSeconds,
  });
  const workflowId = syncWorkflowId(ids.tenantId, ids.providerId);
  const sampler = new PhaseSampler(client, workflowId, readCpu);
  const started = performance.now();
  const handle = await client.workflow.start(TENANT_SYNC_WORKFLOW, { taskQueue, workflowId, args: [{ ...ids, mode: 'full', trigger: 'test' }] });
  await sampler.start();
  const result = (await handle.result()) as TenantSyncResult;
  const wallSeconds = (performance.now() - started) / 1000;
  const phases = await sampler.stop();
  const workersAfter = await Promise.all(hosts.map((host) => host.figures()));
  const peersAfter = await peers.request({ type: 'stats' }, 'stats');
  const postgresAfter = await postgres.read();
  return {
    label,
    result,
    wallSeconds,
    writes: peersAfter.traffic.writes,
    requests: peersAfter.traffic.received,
    byMethod: peersAfter.traffic.servedByMethod,
    workers: hosts.map((host, index) => ({
      identity: host.identity,
      peakRss: workersAfter[index]!.peakRss,
      cpuSeconds: workersAfter[index]!.cpuSeconds - workersBefore[index]!.cpuSeconds,
    })),
    peersCpuSeconds: peersAfter.cpuSeconds - peersBefore.cpuSeconds,
    peersPeakRss: peersAfter.peakRss,
    postgresCpuSeconds: postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore,
    phases,
    chain: await walkChain(client, workflowId, handle.firstExecutionRunId),
    applyPhases: await applyPhases(database.db, result.runId),
  };
}

async function measureBaseline(
  label: string,
  host: WorkerHost,
  ids: { tenantId: string; providerId: string },
  peers: Peers,
  postgres: PostgresCpu,
  temporalRun: RunFigures,
): Promise<BaselineFigures> {
  peers.send({ type: 'reset' });
  const peersBefore = await peers.request({ type: 'stats' }, 'stats');
  const postgresBefore = await postgres.read();
  const { result, peakRss } = await host.baseline(ids);
  const peersAfter = await peers.request({ type: 'stats' }, 'stats');
  const postgresAfter = await postgres.read();
  return {
    label,
    result,
    peakRss,
    writes: peersAfter.traffic.writes,
    peersCpuSeconds: peersAfter.cpuSeconds - peersBefore.cpuSeconds,
    postgresCpuSeconds: postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore,
    temporalRun,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
