import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { startCleverSimulator } from '../../sim/clever/server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { closeServer, serveApi } from '../../src/main/serve-api.js';
import { projectRoot } from '../../src/temporal/cli-path.js';
import { freePort } from '../../src/temporal/dev-server.js';
import { eventually, startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { readScimState } from '../support/sync-fixture.js';
import { startTestWorker, type TestWorker } from '../support/temporal.js';
import { runCli, spawnCli, type CliResult } from './cli-process.js';
import { TEST_TODAY } from '../support/test-today.js';

type Run = { id: string; status: string; counts: { created: number; deprovisioned: number; membershipChanges: number } | null; uiUrl: string | null };
type Status = { providers: Array<{ providerId: string; running: { progress: { phase: string; heldDeletions: number } | null } | null; lastRun: Run | null }> };

const json = <T>(result: CliResult): T => {
  expect(result.code, `exit code; stderr: ${result.stderr}`).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/**
 * The operator CLI as a child process (`bin/sis-bridge.js`) against the API served on a free
 * port, with the real Temporal dev server, a real worker, the Clever simulator and SCIMMY.
 */
describe('the sis-bridge CLI against a running service', () => {
  let harness: ApiHarness;
  let worker: TestWorker;
  let server: ServerType;
  let env: Record<string, string>;
  let clever: Awaited<ReturnType<typeof startCleverSimulator>>;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  const tenantId = `cli-${Date.now().toString(36)}`;
  let providerId: string;
  let firstRun: Run;

  const cli = (args: string[], stdin?: string) => runCli(args, env, stdin);

  beforeAll(async () => {
    clever = await startCleverSimulator({ seed: 21, students: 150, today: TEST_TODAY });
    scim = await startScimmyServer();
    harness = await startApiHarness();
    worker = await startTestWorker({ db: harness.database.db, secrets: harness.secrets, sync: DEFAULT_SYNC_SETTINGS }, { taskQueue: harness.taskQueue });
    const served = await serveApi(harness.app, '127.0.0.1', 0);
    server = served.server;
    env = { SIS_BRIDGE_URL: served.url, SIS_BRIDGE_TOKEN: harness.adminToken };
  }, 120_000);

  afterAll(async () => {
    if (server) await closeServer(server);
    await worker?.stop();
    await harness?.close();
    await Promise.allSettled([clever?.close(), scim?.close()]);
  });

  it('exits with a distinct code for a missing token, a wrong token, an unreachable API, an unknown tenant and bad input', async () => {
    const noToken = await runCli(['tenants', 'list'], { SIS_BRIDGE_URL: env.SIS_BRIDGE_URL! });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('SIS_BRIDGE_TOKEN');

    const wrongToken = await runCli(['tenants', 'list'], { ...env, SIS_BRIDGE_TOKEN: 'not-the-admin-token' });
    expect(wrongToken.code).toBe(4);
    expect(wrongToken.stderr).toContain('401 unauthorized');

    const closedPort = await freePort();
    const unreachable = await runCli(['--json', 'tenants', 'list'], { ...env, SIS_BRIDGE_URL: `http://127.0.0.1:${closedPort}` });
    expect(unreachable.code).toBe(3);
    expect(JSON.parse(unreachable.stderr)).toMatchObject({ error: { exitCode: 3, message: expect.stringContaining('ECONNREFUSED') } });

    expect((await cli(['tenants', 'get', 'no-such-tenant'])).code).toBe(5);

    const badId = await cli(['tenants', 'create', 'bad id!', '--name', 'x']);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain('body.id');

    const badOption = await cli(['sync', 'start', tenantId, '--mode', 'sideways']);
    expect(badOption.code).toBe(2);
    expect(badOption.stderr).toContain("argument 'sideways' is invalid");
  });

  it('sets up a tenant, a provider (credentials on stdin) and a SCIM target', async () => {
    const settings = JSON.stringify({ emailDomain: 'cli.k12.example', deletionThreshold: { count: 3, percent: 100 } });
    const tenant = json<{ id: string }>(await cli(['--json', 'tenants', 'create', tenantId, '--name', 'CLI District', '--settings', settings]));
    expect(tenant.id).toBe(tenantId);
    const tenants = json<{ items: Array<{ id: string }> }>(await cli(['--json', 'tenants', 'list', '--limit', '200']));
    expect(tenants.items.map((item) => item.id)).toContain(tenantId);

    const provider = json<{ id: string; kind: string }>(
      await cli(
        ['--json', 'providers', 'create', tenantId, '--kind', 'clever', '--name', 'Clever', '--base-url', clever.baseUrl, '--from-file', '-'],
        JSON.stringify({ credentials: { token: clever.token } }),
      ),
    );
    providerId = provider.id;
    expect(provider.kind).toBe('clever');
    const listed = await cli(['providers', 'list', tenantId]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^${providerId}\\s+clever\\s+Clever\\s+true`, 'm'));

    expect((await cli(['scim-target', 'set', tenantId, '--base-url', scim.baseUrl, '--from-file', '-'], JSON.stringify({ token: scim.token }))).code).toBe(0);
    expect(json(await cli(['--json', 'scim-target', 'get', tenantId]))).toMatchObject({ source: 'tenant', baseUrl: scim.baseUrl, tokenConfigured: true });
  });

  it('sync start --follow draws progress on stderr, prints the summary and exits 0', { timeout: 240_000 }, async () => {
    const followed = await cli(['sync', 'start', tenantId, '--follow', '--poll-interval', '200']);
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stderr).toMatch(/clever "Clever" \[[█░]+\] /);
    expect(followed.stderr).toContain('fetched');
    expect(followed.stdout).toMatch(/^clever "Clever": completed in \d+\.\d s — full sync, run [0-9a-f-]{36}$/m);

    const history = json<{ items: Run[] }>(await cli(['--json', 'sync', 'history', tenantId, '--provider', providerId]));
    firstRun = history.items[0]!;
    expect(firstRun.status).toBe('completed');
    expect(followed.stdout).toContain(`created ${firstRun.counts!.created} ·`);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    expect(users.length + groups.length).toBe(firstRun.counts!.created);

    const status = json<Status>(await cli(['--json', 'sync', 'status', tenantId]));
    expect(status.providers).toEqual([
      expect.objectContaining({ providerId, running: null, lastRun: expect.objectContaining({ id: firstRun.id, status: 'completed' }) }),
    ]);
  });

  it("exports a run's changes as CSV and reads its audit entries", async () => {
    const csv = await cli(['runs', 'changes', tenantId, firstRun.id, '--csv']);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,batch,op,resource_type,source_id,status,error,applied_at');
    const parsed = json<{ changes: Array<{ op: string; status: string }> }>(await cli(['--json', 'runs', 'changes', tenantId, firstRun.id]));
    expect(parsed.changes).toHaveLength(lines.length - 1);
    expect(parsed.changes.filter((change) => change.op === 'create' && change.status === 'applied').length).toBeGreaterThanOrEqual(firstRun.counts!.created);

    const file = join(mkdtempSync(join(tmpdir(), 'sis-cli-')), 'changes.csv');
    expect((await cli(['runs', 'changes', tenantId, firstRun.id, '--csv', '--output', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(csv.stdout);

    const audit = json<{ items: Array<{ runId: string | null; action: string }> }>(
      await cli(['--json', 'audit', tenantId, '--run', firstRun.id, '--limit', '5']),
    );
    expect(audit.items).toHaveLength(5);
    for (const entry of audit.items) expect(entry.runId).toBe(firstRun.id);
    const human = await cli(['audit', tenantId, '--action', 'provider.create']);
    expect(human.stdout).toMatch(/^AT\s+ACTOR\s+ACTION/);
    expect(human.stdout).toContain('provider.create');
  });

  it('follows a run through held deletions: list, approve, and the run completes with them applied', { timeout: 240_000 }, async () => {
    const students = clever.store.list('users').filter((user) => user.roles.includes('student'));
    const leaving = students.slice(0, 5);
    for (const student of leaving) clever.store.mutate({ op: 'delete', kind: 'users', id: student.id });

    const follow = spawnCli(['--json', 'sync', 'start', tenantId, '--provider', providerId, '--follow', '--poll-interval', '200'], env);
    const reviewHint = `deletions approve|discard ${tenantId} --provider ${providerId}`;
    // Approve only once the follower has told the operator what to do: deciding as soon as the status
    // shows the hold could end the hold before the follower's next poll ever saw it.
    await eventually(
      async () => follow.output().stderr,
      (stderr) => stderr.includes(reviewHint),
      'the follower to show the held deletions',
      180_000,
    );
    const status = json<Status>(await cli(['--json', 'sync', 'status', tenantId]));
    expect(status.providers[0]?.running?.progress?.phase).toBe('awaiting_approval');
    const held = json<{ items: Array<{ op: string; resourceType: string }> }>(await cli(['--json', 'deletions', 'list', tenantId, '--provider', providerId]));
    expect(held.items.filter((item) => item.resourceType === 'User')).toHaveLength(leaving.length);
    const approved = await cli(['deletions', 'approve', tenantId, '--provider', providerId]);
    expect(approved.code, approved.stderr).toBe(0);
    expect(approved.stdout).toContain(`approved ${held.items.length} held deprovisions`);

    const result = await follow.done;
    expect(result.code, result.stderr).toBe(0);
    const { runs } = JSON.parse(result.stdout) as { runs: Run[] };
    expect(runs).toEqual([expect.objectContaining({ status: 'completed', counts: expect.objectContaining({ deprovisioned: leaving.length }) })]);
    expect((await cli(['deletions', 'list', tenantId, '--provider', providerId])).code).toBe(5);
  });

  it('stops a followed run: the follower exits 7, a second start while it ran was a conflict (6)', { timeout: 240_000 }, async () => {
    // Held deletions keep the run waiting for a decision, so it is surely running when stopped.
    const students = clever.store.list('users').filter((user) => user.roles.includes('student'));
    for (const student of students.slice(0, 5)) clever.store.mutate({ op: 'delete', kind: 'users', id: student.id });
    const follow = spawnCli(['sync', 'start', tenantId, '--follow', '--poll-interval', '200'], env);
    await eventually(
      async () => json<Status>(await cli(['--json', 'sync', 'status', tenantId])),
      (status) => status.providers[0]?.running?.progress?.phase === 'awaiting_approval',
      'the run to hold its deletions',
      180_000,
    );
    const again = await cli(['sync', 'start', tenantId]);
    expect(again.code).toBe(6);
    expect(again.stderr).toContain('409 sync_already_running');

    const stopped = json<{ cancelled: Array<{ providerId: string }> }>(await cli(['--json', 'sync', 'stop', tenantId, '--provider', providerId]));
    expect(stopped.cancelled).toEqual([expect.objectContaining({ providerId })]);
    const result = await follow.done;
    expect(result.code, result.stderr).toBe(7);
    expect(result.stdout).toMatch(/^clever "Clever": cancelled/m);
    expect(result.stderr).toContain('1 of 1 runs did not complete');
    const cancelled = json<{ items: Run[] }>(await cli(['--json', 'sync', 'history', tenantId, '--status', 'cancelled']));
    expect(cancelled.items).toHaveLength(1);
  });

  it('runs as `npx sis-bridge` from the package bin', async () => {
    const version = await new Promise<string>((resolve, reject) =>
      execFile('npx', ['--no-install', 'sis-bridge', '--version'], { cwd: projectRoot }, (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
    );
    expect(version).toBe((JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
