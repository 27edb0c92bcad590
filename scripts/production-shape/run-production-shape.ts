import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCleverSimulator } from '../../sim/clever/server.js';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { connectTemporalClient } from '../../src/temporal/client.js';
import { projectRoot, resolveToolBinary } from '../../src/temporal/cli-path.js';
import { freePort, startDevServer } from '../../src/temporal/dev-server.js';
import { PREBUILT_WORKFLOW_BUNDLE } from '../../src/temporal/worker.js';
import { bridgeEnvironment } from './bridge-environment.js';
import { healthcheckPasses, spawnBridge, type BridgeProcess } from './bridge-process.js';
import { cliJson, spawnCompiledCli } from './compiled-cli.js';
import { compareTargetWithSis, type TargetComparison } from './exact-target.js';
import { killBusyWorker, type KilledWorker } from './kill-busy-worker.js';
import { startOpenBaoServer } from './openbao-server.js';
import { createFreshDatabase } from './postgres-database.js';

export interface ProductionShapeOptions {
  students: number;
  seed: number;
  /** Admin connection to the machine's Postgres; a fresh database is created and dropped. */
  postgresAdminUrl: string;
  /** Step lines for the operator. */
  log: (line: string) => void;
  /** Let the CLI's progress bar reach this process's stderr. */
  showProgress?: boolean;
}

type Counts = { fetched: number; created: number; updated: number; deprovisioned: number; membershipChanges: number; failed: number };
type Run = { id: string; status: string; counts: Counts | null; durationMs: number | null; uiUrl: string | null };

export interface ProductionShapeReport {
  run: Run;
  killed: KilledWorker & { createdAtKill: number };
  scimWrites: number;
  target: TargetComparison;
  /** What the SIS holds (sim/district/expected-roster.ts): the target must match it. */
  sis: { users: number; groups: number; memberships: number };
  healthchecks: Record<'api' | 'worker', { healthy: boolean; output: string }>;
  figures: { apiReadyMs: number; workerReadyMs: number[]; followMs: number; retriedActivities: number };
}

const TENANT = 'shape-district';

/** Users and groups the running sync has created so far, as the API reports its live progress. */
async function createdSoFar(cliEnv: { SIS_BRIDGE_URL: string; SIS_BRIDGE_TOKEN: string }): Promise<number> {
  const response = await fetch(`${cliEnv.SIS_BRIDGE_URL}/sync/${TENANT}/status`, { headers: { authorization: `Bearer ${cliEnv.SIS_BRIDGE_TOKEN}` } });
  const status = (await response.json()) as { providers: Array<{ running: { progress: { counts: Counts } | null } | null }> };
  return status.providers[0]?.running?.progress?.counts.created ?? 0;
}

async function until(check: () => Promise<boolean>, what: string, boundMs: number): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The production shape, run for real from the build: the machine's Postgres (a fresh
 * database), OpenBao in server mode (initialised and unsealed), a Temporal dev server with a
 * database file, the API and two workers as separate `node dist/…` processes, configured
 * only through the compiled CLI. A full sync of a generated Clever district into SCIMMY is
 * followed with `sis-bridge sync start --follow`; the worker running an activity is SIGKILLed
 * once a quarter of the resources are written, and the target must end equal to the SIS.
 */
export async function runProductionShape(options: ProductionShapeOptions): Promise<ProductionShapeReport> {
  const { log } = options;
  for (const built of ['dist/src/main/api.js', 'dist/src/main/worker.js', 'dist/src/cli/main.js', `dist/${PREBUILT_WORKFLOW_BUNDLE}`]) {
    if (!existsSync(join(projectRoot, built))) throw new Error(`${built} is missing: run "npm run build" first`);
  }
  const work = mkdtempSync(join(tmpdir(), 'sis-bridge-shape-'));
  const cleanup: Array<() => Promise<unknown>> = [async () => rmSync(work, { recursive: true, force: true })];
  try {
    const database = await createFreshDatabase(options.postgresAdminUrl);
    cleanup.unshift(database.drop);
    log(`postgres: fresh database ${new URL(database.url).pathname.slice(1)}`);

    const vaultToken = `bridge-${randomBytes(16).toString('hex')}`;
    const bao = await startOpenBaoServer(resolveToolBinary('bao', undefined, process.env.PATH), join(work, 'openbao'), vaultToken);
    cleanup.unshift(bao.stop);
    log(`openbao: server mode at ${bao.url}, initialised and unsealed (raft storage in ${join(work, 'openbao')})`);

    const temporal = await startDevServer({
      cliPath: resolveToolBinary('temporal', undefined, process.env.PATH),
      overrides: { port: 0, uiPort: 0, dbFilename: join(work, 'temporal.sqlite'), logLevel: 'warn' },
    });
    cleanup.unshift(temporal.stop);
    log(`temporal: dev server at ${temporal.address}, history in ${join(work, 'temporal.sqlite')}`);

    const store = createDistrictStore(generateDistrict({ seed: options.seed, students: options.students }));
    const clever = await startCleverSimulator({ store });
    const scim = await startScimmyServer();
    // A distant target's round trip: without it the apply of 1000 students is over within a
    // second or two, and the worker could not be killed in the middle of it reliably.
    scim.traffic.writeLatencyMs = 300;
    cleanup.unshift(() => Promise.allSettled([clever.close(), scim.close()]));
    log(`peers: Clever simulator (${options.students} students) at ${clever.baseUrl}, SCIMMY at ${scim.baseUrl}`);

    const adminToken = `admin-${randomBytes(16).toString('hex')}`;
    const port = await freePort();
    // Small batches: many activities, so the kill lands in the middle of the work.
    const env = bridgeEnvironment(
      { port, databaseUrl: database.url, vaultUrl: bao.url, vaultToken, temporalAddress: temporal.address, temporalUiUrl: temporal.uiUrl, adminToken },
      { BATCH_SIZE: '25' },
    );
    const processes: BridgeProcess[] = [];
    cleanup.unshift(() => Promise.allSettled(processes.map((child) => child.stop())));
    // The API migrates the fresh database first; workers start once it serves (compose: depends_on api healthy).
    const api = spawnBridge('api', 'api', env);
    processes.push(api);
    const apiReadyMs = await api.ready;
    const workers = [spawnBridge('worker', 'worker-1', env), spawnBridge('worker', 'worker-2', env)];
    processes.push(...workers);
    const workerReadyMs = await Promise.all(workers.map((worker) => worker.ready));
    log(`bridge: api pid ${api.pid} ready in ${apiReadyMs} ms; workers pid ${workers.map((w) => w.pid).join(', ')} polling in ${workerReadyMs.join(', ')} ms`);

    const healthchecks = { api: healthcheckPasses('api', env), worker: healthcheckPasses('worker', env) };
    log(
      `healthchecks: api ${healthchecks.api.healthy ? 'healthy' : `UNHEALTHY ${healthchecks.api.output}`}, worker ${healthchecks.worker.healthy ? 'healthy' : `UNHEALTHY ${healthchecks.worker.output}`}`,
    );

    const cliEnv = { SIS_BRIDGE_URL: `http://127.0.0.1:${port}`, SIS_BRIDGE_TOKEN: adminToken };
    await cliJson(['tenants', 'create', TENANT, '--name', 'Production Shape USD', '--settings', JSON.stringify({ emailDomain: 'shape.k12.example' })], cliEnv);
    const provider = await cliJson<{ id: string }>(
      ['providers', 'create', TENANT, '--kind', 'clever', '--name', 'Clever', '--base-url', clever.baseUrl, '--from-file', '-'],
      cliEnv,
      JSON.stringify({ credentials: { token: clever.token } }),
    );
    await cliJson(['scim-target', 'set', TENANT, '--base-url', scim.baseUrl, '--from-file', '-'], cliEnv, JSON.stringify({ token: scim.token }));
    log(`configured through the CLI: tenant ${TENANT}, provider ${provider.id} (credentials in OpenBao), SCIM target`);

    const followStarted = Date.now();
    const follow = spawnCompiledCli(['--json', 'sync', 'start', TENANT, '--provider', provider.id, '--follow', '--poll-interval', '500'], cliEnv, {
      showProgress: options.showProgress ?? false,
    });
    const expected = expectedRoster(store);
    const resources = expected.users.length + expected.sections.length;
    await until(async () => (await createdSoFar(cliEnv)) >= resources / 4, 'a quarter of the users and groups to be created', 300_000);
    const { client, connection } = await connectTemporalClient(temporal.address, 'sis-bridge');
    cleanup.unshift(() => connection.close());
    const workflowId = `sync/${TENANT}/${provider.id}`;
    const createdAtKill = await createdSoFar(cliEnv);
    const killed = { ...(await killBusyWorker(client, workflowId, workers)), createdAtKill };
    log(
      `SIGKILL ${killed.name} (pid ${killed.pid}) with ${createdAtKill} of ${resources} users and groups created, while it ran ${killed.activityInFlight ?? 'no activity of the sync'}`,
    );

    const followed = await Promise.race([
      follow.done,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the followed sync did not end within 10 minutes')), 600_000).unref()),
    ]);
    const followMs = Date.now() - followStarted;
    if (followed.code !== 0) throw new Error(`sis-bridge sync start --follow exited ${followed.code}: ${followed.stderr}\n${followed.stdout}`);
    const run = (JSON.parse(followed.stdout) as { runs: Run[] }).runs[0]!;
    log(`run ${run.id}: ${run.status} in ${run.durationMs} ms; ${scim.traffic.stats.writes} SCIM writes in all`);

    let retriedActivities = 0;
    for (const event of (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? []) {
      if ((event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1) retriedActivities += 1;
    }

    const target = await compareTargetWithSis(scim, store, provider.id);
    log(
      `target: ${target.users} users, ${target.groups} groups, ${target.memberships} memberships — ${target.exact ? 'exactly the SIS' : `DIFFERS: ${target.problems.join('; ')}`}`,
    );
    const sis = { users: expected.users.length, groups: expected.sections.length, memberships: expected.enrollments.length };
    return {
      run,
      killed,
      scimWrites: scim.traffic.stats.writes,
      target,
      sis,
      healthchecks,
      figures: { apiReadyMs, workerReadyMs, followMs, retriedActivities },
    };
  } finally {
    for (const step of cleanup) await step().catch((error: unknown) => log(`cleanup: ${error instanceof Error ? error.message : String(error)}`));
  }
}
