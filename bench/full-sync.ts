/**
 * End-to-end full-sync benchmark: prints figures, asserts nothing.
 *   npx tsx bench/full-sync.ts --provider clever|classlink --students N
 *     [--target scimmy|better-auth] [--batch-size B] [--seed S] [--database-url URL] [--temporal-cli PATH]
 *     [--profile-peers DIR]   (worker profile: node --cpu-prof --import tsx bench/full-sync.ts ...)
 *
 * Stands up its own Temporal dev server (free ports, in memory), a database (a dedicated
 * database on Postgres at --database-url or postgres://postgres@127.0.0.1:5432/test when
 * reachable, dropped afterwards; else in-memory PGlite), and — in a child process, so the
 * worker is measured alone — the SIS simulator with a generated district of N students and the
 * SCIM target. The worker runs in this process. It runs a first full sync, then an immediate
 * no-change resync, and prints for each: wall time, users/groups/memberships per second, SCIM
 * writes (the target's traffic counters), peak worker RSS (sampled every 200 ms), worker CPU,
 * the largest workflow history across the continue-as-new chain, and activity time by type.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { loadavg as osLoad } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../activities/sync-deps.js';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../src/db/database.js';
import { EmbeddedSecretStore } from '../src/secrets/embedded-store.js';
import { resolveToolBinary } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { syncWorkflowId, TENANT_SYNC_WORKFLOW, type TenantSyncResult } from '../src/temporal/sync-contract.js';
import { workflowsPath } from '../src/temporal/worker.js';
import { createTenantWithProvider } from '../sim/fixtures/tenant-fixture.js';
import { DEFAULT_BENCH_DATABASE_URL, openBenchDatabase, type BenchDatabase } from './bench-database.js';
import type { PeersCommand, PeersMessage, PeersRequest } from './full-sync-peers.js';


const { values } = parseArgs({
  options: {
    provider: { type: 'string', default: 'clever' },
    students: { type: 'string', default: '10000' },
    target: { type: 'string', default: 'scimmy' },
    'batch-size': { type: 'string', default: String(DEFAULT_SYNC_SETTINGS.batchSize) },
    seed: { type: 'string', default: '7' },
    'database-url': { type: 'string' },
    'temporal-cli': { type: 'string' },
    /** Write a V8 CPU profile of the peers process (SIS + SCIM) into this directory. */
    'profile-peers': { type: 'string' },
  },
});

const provider = oneOf(values.provider, ['clever', 'classlink'] as const, '--provider');
const target = oneOf(values.target, ['scimmy', 'better-auth'] as const, '--target');
const students = Number(values.students);
const batchSize = Number(values['batch-size']);
const seed = Number(values.seed);
if (!Number.isInteger(students) || students <= 0) throw new Error('--students must be a positive integer');
if (!Number.isInteger(batchSize) || batchSize <= 0) throw new Error('--batch-size must be a positive integer');

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new Error(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const log = (line: string) => console.log(line);

interface ActivityStats {
  count: number;
  /** Sum of scheduled → closed times. */
  busySeconds: number;
  first: number;
  last: number;
}

interface ChainFigures {
  runs: number;
  maxHistory: number;
  histories: number[];
  activities: Map<string, ActivityStats>;
}

interface RunFigures {
  label: string;
  result: TenantSyncResult;
  wallSeconds: number;
  writes: number;
  requests: number;
  byMethod: Record<string, number>;
  peakRss: number;
  cpuSeconds: number;
  peersCpuSeconds: number;
  peersPeakRss: number;
  chain: ChainFigures;
  applyPhases: Array<{ phase: string; items: number; seconds: number }>;
  postgresCpuSeconds: number | undefined;
}

// ---- peers (SIS simulator + SCIM target) in a child process ---------------------------------

class Peers {
  private waiters: Array<(message: PeersMessage) => void> = [];
  constructor(private readonly child: ChildProcess) {
    child.on('message', (message: PeersMessage) => {
      if (message.type === 'error') {
        console.error(`peers failed: ${message.message}`);
        process.exitCode = 1;
      }
      this.waiters.shift()?.(message);
    });
  }

  static spawn(): Peers {
    const child = fork(fileURLToPath(new URL('./full-sync-peers.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx', ...(values['profile-peers'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-peers']}`] : [])], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Peers(child);
  }

  request<T extends PeersMessage['type']>(command: PeersCommand, expect: T): Promise<Extract<PeersMessage, { type: T }>> {
    return new Promise((resolve, reject) => {
      this.waiters.push((message) => (message.type === expect ? resolve(message as Extract<PeersMessage, { type: T }>) : reject(new Error(`peers answered ${message.type}`))));
      this.child.send(command);
    });
  }

  send(command: PeersCommand): void {
    this.child.send(command);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.send({ type: 'stop' } satisfies PeersCommand);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---- database --------------------------------------------------------------------------------


/** Apply time by phase, from when the plan items were settled (first → last, per op and type). */
async function applyPhases(db: Database, runId: string): Promise<RunFigures['applyPhases']> {
  const rows = rowsOf<{ phase: string; items: number; seconds: number }>(
    await db.execute(sql`select op || ' ' || resource_type as phase, count(*)::int as items,
      coalesce(extract(epoch from max(applied_at) - min(applied_at)), 0)::float as seconds
      from sync_plan_items where run_id = ${runId} group by 1 order by min(applied_at)`),
  );
  return rows.map((row) => ({ phase: row.phase, items: Number(row.items), seconds: Number(row.seconds) }));
}

/** CPU time of this database's Postgres backends (local server only; the pool keeps them alive). */
async function postgresCpuSeconds(db: Database, name: string | undefined): Promise<number | undefined> {
  if (!name) return undefined;
  try {
    const pids = rowsOf<{ pid: number }>(await db.execute(sql`select pid from pg_stat_activity where datname = ${name}`));
    let ticks = 0;
    for (const { pid } of pids) {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    }
    return ticks / 100;
  } catch {
    return undefined;
  }
}

// ---- workflow history across the continue-as-new chain --------------------------------------

type Timestamp = { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null | undefined;
const msOf = (ts: Timestamp) => (ts ? Number(typeof ts.seconds === 'object' && ts.seconds ? ts.seconds.toNumber() : (ts.seconds ?? 0)) * 1000 + (ts.nanos ?? 0) / 1e6 : 0);

async function walkChain(client: Client, workflowId: string, firstRunId: string): Promise<ChainFigures> {
  const figures: ChainFigures = { runs: 0, maxHistory: 0, histories: [], activities: new Map() };
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    figures.runs += 1;
    figures.histories.push(events.length);
    figures.maxHistory = Math.max(figures.maxHistory, events.length);
    const scheduled = new Map<number, { name: string; at: number }>();
    runId = undefined;
    for (const event of events) {
      const id = Number(event.eventId);
      const at = msOf(event.eventTime as Timestamp);
      const attributes = event.activityTaskScheduledEventAttributes;
      if (attributes) scheduled.set(id, { name: attributes.activityType?.name ?? '?', at });
      const closed = event.activityTaskCompletedEventAttributes ?? event.activityTaskFailedEventAttributes ?? event.activityTaskTimedOutEventAttributes ?? event.activityTaskCanceledEventAttributes;
      if (closed) {
        const start = scheduled.get(Number(closed.scheduledEventId));
        if (start) {
          const stats = figures.activities.get(start.name) ?? { count: 0, busySeconds: 0, first: start.at, last: at };
          stats.count += 1;
          stats.busySeconds += (at - start.at) / 1000;
          stats.first = Math.min(stats.first, start.at);
          stats.last = Math.max(stats.last, at);
          figures.activities.set(start.name, stats);
        }
      }
      const continued = event.workflowExecutionContinuedAsNewEventAttributes;
      if (continued?.newExecutionRunId) runId = continued.newExecutionRunId;
    }
  }
  return figures;
}

// ---- main ------------------------------------------------------------------------------------

async function main(): Promise<void> {
  Runtime.install({ shutdownSignals: [], logger: { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: (message) => console.warn(`[temporal] ${message}`), error: (message) => console.error(`[temporal] ${message}`) } });
  const cleanups: Array<() => Promise<void>> = [];
  const cleanup = async () => {
    for (const step of cleanups.splice(0).reverse()) await step().catch((error: unknown) => console.error('cleanup:', error));
  };
  // Interrupted: still stop the dev server and the peers and drop the database.
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
    const database = await openBenchDatabase(values['database-url'] ?? DEFAULT_BENCH_DATABASE_URL, values['database-url'] !== undefined);
    cleanups.push(() => database.dispose());

    const peers = Peers.spawn();
    cleanups.push(() => peers.stop());
    const request: PeersRequest = { provider, target, students, seed };
    const ready = await peers.request({ type: 'start', request }, 'ready');

    const secrets = new EmbeddedSecretStore(database.db, randomBytes(32));
    const ids = await createTenantWithProvider(database.db, secrets, ready.provider, { emailDomain: 'springfield.k12.example' });
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: { log: () => {}, info: () => {}, warn: () => {}, error: console.error, debug: () => {}, trace: () => {} } });
    const workerConnection = await NativeConnection.connect({ address: temporal.address });
    cleanups.push(() => workerConnection.close());
    const taskQueue = `bench-${randomBytes(4).toString('hex')}`;
    const worker = await Worker.create({
      connection: workerConnection,
      namespace: temporal.namespace,
      taskQueue,
      workflowBundle: { code: bundle.code },
      activities: createActivities({ db: database.db, secrets, sync: { ...DEFAULT_SYNC_SETTINGS, batchSize, scimDefaults: { baseUrl: ready.scim.baseUrl, token: ready.scim.token } } }),
      maxConcurrentActivityTaskExecutions: 20,
    });
    const running = worker.run();
    cleanups.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
    });
    const connection = await Connection.connect({ address: temporal.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, namespace: temporal.namespace });

    log(`full-sync bench: provider ${provider}, target ${target}, ${students.toLocaleString('en-US')} students (seed ${seed}), batch size ${batchSize}`);
    log(`  district: ${ready.district.users.toLocaleString('en-US')} users, ${ready.district.groups.toLocaleString('en-US')} groups, ${ready.district.memberships.toLocaleString('en-US')} memberships`);
    log(`  database: ${database.label}`);
    log(`  setup: ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (district + simulators ${ready.setupSeconds.toFixed(1)} s); load before: ${loadAverage()}`);

    const figures: RunFigures[] = [];
    for (const label of ['first full sync', 'no-change resync']) {
      figures.push(await measureRun(label, client, taskQueue, ids, peers, database));
      printRun(figures.at(-1)!, ready.district);
    }
    printSummary(figures, ready.district);
  } finally {
    await cleanup();
  }
}

async function measureRun(label: string, client: Client, taskQueue: string, ids: { tenantId: string; providerId: string }, peers: Peers, database: BenchDatabase): Promise<RunFigures> {
  peers.send({ type: 'reset' });
  const postgresBefore = await postgresCpuSeconds(database.db, database.name);
  const peersBefore = await peers.request({ type: 'stats' }, 'stats');
  global.gc?.();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const workflowId = syncWorkflowId(ids.tenantId, ids.providerId);
  const handle = await client.workflow.start(TENANT_SYNC_WORKFLOW, { taskQueue, workflowId, args: [{ ...ids, mode: 'full', trigger: 'test' }] });
  const result = (await handle.result()) as TenantSyncResult;
  const wallSeconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const peersAfter = await peers.request({ type: 'stats' }, 'stats');
  const postgresAfter = await postgresCpuSeconds(database.db, database.name);
  const chain = await walkChain(client, workflowId, handle.firstExecutionRunId);
  return {
    applyPhases: await applyPhases(database.db, result.runId),
    postgresCpuSeconds: postgresBefore === undefined || postgresAfter === undefined ? undefined : postgresAfter - postgresBefore,
    label,
    result,
    wallSeconds,
    writes: peersAfter.traffic.writes,
    requests: peersAfter.traffic.received,
    byMethod: peersAfter.traffic.servedByMethod,
    peakRss,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peersCpuSeconds: peersAfter.cpuSeconds - peersBefore.cpuSeconds,
    peersPeakRss: peersAfter.peakRss,
    chain,
  };
}

function loadAverage(): string {
  // What `uptime` prints.
  return osLoad().map((value) => value.toFixed(2)).join(', ');
}

function printRun(run: RunFigures, district: { users: number; groups: number; memberships: number }): void {
  const rate = (count: number) => (count / run.wallSeconds).toFixed(0);
  log(`\n${run.label}: ${run.result.status} in ${run.wallSeconds.toFixed(1)} s wall (load ${loadAverage()})`);
  log(`  users/s ${rate(district.users)}, groups/s ${rate(district.groups)}, memberships/s ${rate(district.memberships)} (district size / wall time)`);
  const counts = run.result.counts;
  log(`  counts: fetched ${counts.fetched}, created ${counts.created}, updated ${counts.updated}, deprovisioned ${counts.deprovisioned}, membership changes ${counts.membershipChanges}, failed ${counts.failed}`);
  log(`  SCIM: ${run.writes} writes, ${run.requests} requests (${Object.entries(run.byMethod).map(([method, n]) => `${method} ${n}`).join(', ') || 'none'})`);
  log(`  worker: peak RSS ${mib(run.peakRss)}, CPU ${run.cpuSeconds.toFixed(1)} s (${((run.cpuSeconds / run.wallSeconds) * 100).toFixed(0)}% of one core); peers (SIS + SCIM): CPU ${run.peersCpuSeconds.toFixed(1)} s, peak RSS ${mib(run.peersPeakRss)}`);
  if (run.postgresCpuSeconds !== undefined) log(`  postgres backends of the bench database: CPU ${run.postgresCpuSeconds.toFixed(1)} s`);
  log(`  history: ${run.chain.runs} run(s) in the continue-as-new chain, events per run [${run.chain.histories.join(', ')}], max ${run.chain.maxHistory}`);
  log(`  activities (count, span first-scheduled→last-closed, summed scheduled→closed):`);
  const rows = [...run.chain.activities.entries()].sort((a, b) => a[1].first - b[1].first);
  for (const [name, stats] of rows) {
    log(`    ${name.padEnd(20)} ${String(stats.count).padStart(6)}  span ${((stats.last - stats.first) / 1000).toFixed(1).padStart(7)} s  busy ${stats.busySeconds.toFixed(1).padStart(8)} s`);
  }
  if (run.applyPhases.length > 0) log(`  apply phases (items, first → last settled): ${run.applyPhases.map((phase) => `${phase.phase} ${phase.items} in ${phase.seconds.toFixed(1)} s`).join('; ')}`);
}

function printSummary(runs: RunFigures[], district: { users: number; groups: number; memberships: number }): void {
  log(`\n| run | N | provider | target | wall s | users/s | groups/s | memberships/s | SCIM writes | peak worker RSS | max history |`);
  log(`|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const run of runs) {
    const rate = (count: number) => (count / run.wallSeconds).toFixed(0);
    log(`| ${run.label} | ${students} | ${provider} | ${target} | ${run.wallSeconds.toFixed(1)} | ${rate(district.users)} | ${rate(district.groups)} | ${rate(district.memberships)} | ${run.writes} | ${mib(run.peakRss)} | ${run.chain.maxHistory} |`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
