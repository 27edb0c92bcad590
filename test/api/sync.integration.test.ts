import { fileURLToPath } from 'node:url';
import { WorkflowFailedError } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from '../../src/temporal/search-attributes.js';
import { AWKWARD_SOURCE_ID, createStubActivities } from './fixtures/tenant-sync-stub-activities.js';
import { eventually, startApiHarness, type ApiHarness } from './support/api-harness.js';
import { TEST_TODAY } from '../support/test-today.js';

const stubWorkflowsPath = fileURLToPath(new URL('./fixtures/tenant-sync-stub-workflows.ts', import.meta.url));
const silent = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

interface Ref {
  providerId: string;
  workflowId: string;
  runId: string;
  uiUrl: string | null;
}
interface Status {
  providers: Array<{
    providerId: string;
    running: (Ref & { progress: { phase: string; runId: string | null; counts: { fetched: number }; heldDeletions: number } | null }) | null;
    lastRun: { status: string } | null;
  }>;
}
interface History {
  items: Array<{
    id: string;
    status: string;
    trigger: string;
    mode: string;
    durationMs: number | null;
    workflowRunId: string;
    counts: { fetched: number } | null;
  }>;
}

describe('sync routes on the real Temporal dev server (stub tenantSync workflow)', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let worker: Worker;
  let workerRun: Promise<void>;
  let workerConnection: NativeConnection;
  let tenantId: string;
  let token: string;
  let tokenId: string;
  let providerId: string;
  let disabledProviderId: string;

  const as = <T>(status: number, method: string, path: string, body?: unknown) =>
    api.expectJson<T>(status, method, path, { token, ...(body === undefined ? {} : { body }) });

  beforeAll(async () => {
    api = await startApiHarness();
    try {
      Runtime.install({ logger: { ...silent, error: console.error } });
    } catch {
      // installed by another suite in this process
    }
    const bundle = await bundleWorkflowCode({ workflowsPath: stubWorkflowsPath, logger: { ...silent, error: console.error } });
    workerConnection = await NativeConnection.connect({ address: inject('temporalAddress') });
    worker = await Worker.create({
      connection: workerConnection,
      namespace: inject('temporalNamespace'),
      taskQueue: api.taskQueue,
      workflowBundle: bundle,
      activities: createStubActivities(api.database.db),
    });
    workerRun = worker.run();
    clever = await startCleverSimulator({ seed: 3, students: 50, today: TEST_TODAY });
    tenantId = await api.createTenant();
    ({ id: tokenId, token } = await api.createTenantToken(tenantId));
    // A week between scheduled runs: no schedule fires while the suite runs.
    const provider = { kind: 'clever', connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token }, scheduleIntervalSeconds: 604_800 };
    providerId = (await as<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, { ...provider, name: 'Main' })).id;
    disabledProviderId = (await as<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, { ...provider, name: 'Off', enabled: false })).id;
  });
  afterAll(async () => {
    for (const id of [providerId, disabledProviderId]) if (id) await api.call('DELETE', `/tenants/${tenantId}/providers/${id}`);
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await workerConnection?.close();
    await clever?.close();
    await api?.close();
  });

  const liveProgress = () =>
    eventually(
      () => as<Status>(200, 'GET', `/sync/${tenantId}/status`),
      (status) => status.providers.find((entry) => entry.providerId === providerId)?.running?.progress?.phase === 'awaiting_approval',
      'the stub to report awaiting_approval',
    );

  it('start → live status → 409 while running → held deletions → approve → stop → history shows cancelled', async () => {
    const started = await as<{ started: Ref[]; alreadyRunning: Ref[] }>(202, 'POST', `/sync/${tenantId}/start`, { mode: 'full' });
    // No providerId: every ENABLED provider, so only Main.
    expect(started.started.map((ref) => ref.providerId)).toEqual([providerId]);
    const run = started.started[0]!;
    expect(run.workflowId).toBe(`sync/${tenantId}/${providerId}`);
    expect(run.uiUrl).toBe(`${inject('temporalUiUrl')}/namespaces/${inject('temporalNamespace')}/workflows/${encodeURIComponent(run.workflowId)}/${run.runId}`);

    const description = await api.client.workflow.getHandle(run.workflowId, run.runId).describe();
    expect(description.typedSearchAttributes.get(TENANT_ID)).toBe(tenantId);
    expect(description.typedSearchAttributes.get(SIS_PROVIDER)).toBe('clever');
    expect(description.typedSearchAttributes.get(SYNC_MODE)).toBe('full');
    expect(description.typedSearchAttributes.get(SYNC_TRIGGER)).toBe('api');

    const status = await liveProgress();
    const live = status.providers.find((entry) => entry.providerId === providerId)!.running!;
    expect(live).toMatchObject({ workflowId: run.workflowId, runId: run.runId });
    expect(live.progress).toMatchObject({ counts: { fetched: 42 }, heldDeletions: 2 });
    expect(status.providers.find((entry) => entry.providerId === disabledProviderId)?.running).toBeNull();

    const conflict = await as<{ error: { code: string; details: { running: Ref[] } } }>(409, 'POST', `/sync/${tenantId}/start`, {
      providerId,
      mode: 'incremental',
    });
    expect(conflict.error.code).toBe('sync_already_running');
    expect(conflict.error.details.running[0]).toMatchObject({ workflowId: run.workflowId, runId: run.runId });
    const disabled = await as<{ error: { code: string } }>(409, 'POST', `/sync/${tenantId}/start`, { providerId: disabledProviderId, mode: 'full' });
    expect(disabled.error.code).toBe('provider_disabled');

    const held = await as<{ runId: string; items: Array<{ sourceId: string; resourceType: string }> }>(
      200,
      'GET',
      `/sync/${tenantId}/deletions?providerId=${providerId}`,
    );
    expect(held.runId).toBe(live.progress?.runId);
    expect(held.items).toEqual([
      { seq: 3, op: 'deprovision', resourceType: 'User', sourceId: 'stu-1' },
      { seq: 4, op: 'deprovision', resourceType: 'User', sourceId: AWKWARD_SOURCE_ID },
    ]);
    expect(await as(200, 'POST', `/sync/${tenantId}/deletions/approve`, { providerId })).toEqual({ providerId, workflowId: run.workflowId, count: 2 });
    const again = await as<{ error: { code: string; message: string } }>(409, 'POST', `/sync/${tenantId}/deletions/discard`, { providerId });
    expect(again.error.code).toBe('deletion_decision_rejected');
    expect((await as<{ items: unknown[] }>(200, 'GET', `/sync/${tenantId}/deletions?providerId=${providerId}`)).items).toEqual([]);

    const stopped = await as<{ cancelled: Ref[] }>(202, 'POST', `/sync/${tenantId}/stop`, { providerId });
    expect(stopped.cancelled).toMatchObject([{ providerId, workflowId: run.workflowId, runId: run.runId }]);
    await expect(api.client.workflow.getHandle(run.workflowId, run.runId).result()).rejects.toBeInstanceOf(WorkflowFailedError);
    await as(404, 'POST', `/sync/${tenantId}/stop`, {});

    const history = await as<History>(200, 'GET', `/sync/${tenantId}/history?providerId=${providerId}`);
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ status: 'cancelled', trigger: 'api', mode: 'full', workflowRunId: run.runId, counts: { fetched: 42 } });
    expect(history.items[0]?.durationMs).toBeGreaterThanOrEqual(0);

    const audit = await as<{ items: Array<{ action: string; actor: string; outcome: string }> }>(200, 'GET', `/tenants/${tenantId}/audit?actor=${tokenId}`);
    expect(audit.items.map((entry) => `${entry.action}:${entry.outcome}`)).toEqual(
      expect.arrayContaining(['sync.start:success', 'sync.deletions.approve:success', 'sync.deletions.discard:failure', 'sync.stop:success']),
    );

    // The run's changes as CSV, from its plan items.
    const csv = await api.call('GET', `/tenants/${tenantId}/runs/${history.items[0]?.id}/changes.csv`, { token });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect((await csv.text()).split('\r\n')).toEqual([
      'seq,batch,op,resource_type,source_id,status,error,applied_at',
      expect.stringMatching(/^1,0,create,User,tch-1,applied,,\d{4}-/),
      `2,0,update,User,'=cmd(),failed,"400 invalidValue: email ""x"" is invalid",`,
      '3,1,deprovision,User,stu-1,applied,,',
      '4,1,deprovision,User,"stu-""9"",x",applied,,',
      '',
    ]);
  });

  it('starts again once the previous run closed; history is newest first and filterable', async () => {
    const started = await as<{ started: Ref[] }>(202, 'POST', `/sync/${tenantId}/start`, {
      providerId,
      mode: 'selective',
      entities: ['users'],
      filters: { roles: ['student'] },
    });
    const run = started.started[0]!;
    await liveProgress();
    await api.client.workflow.getHandle(run.workflowId, run.runId).signal('finishStub');
    await api.client.workflow.getHandle(run.workflowId, run.runId).result();

    const history = await as<History>(200, 'GET', `/sync/${tenantId}/history`);
    expect(history.items.map((item) => [item.status, item.mode])).toEqual([
      ['completed', 'selective'],
      ['cancelled', 'full'],
    ]);
    expect((await as<History>(200, 'GET', `/sync/${tenantId}/history?status=cancelled`)).items.map((item) => item.status)).toEqual(['cancelled']);
    expect((await as<History>(200, 'GET', `/sync/${tenantId}/history?limit=1&offset=1`)).items.map((item) => item.mode)).toEqual(['full']);

    const status = await as<Status>(200, 'GET', `/sync/${tenantId}/status`);
    expect(status.providers.find((entry) => entry.providerId === providerId)).toMatchObject({ running: null, lastRun: { status: 'completed' } });
    await as(404, 'GET', `/sync/${tenantId}/deletions?providerId=${providerId}`);
  });

  it('validates the start body: selective needs a scope, a scope needs selective, unknown fields are refused', async () => {
    const cases: Array<[unknown, string]> = [
      [{ mode: 'selective' }, 'body.entities'],
      [{ mode: 'full', entities: ['users'] }, 'body.mode'],
      [{ mode: 'full', force: true }, 'body'],
      [{ mode: 'sometimes' }, 'body.mode'],
      [{ mode: 'selective', filters: { roles: ['janitor'] } }, 'body.filters.roles.0'],
    ];
    for (const [body, field] of cases) {
      const error = await as<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>(400, 'POST', `/sync/${tenantId}/start`, body);
      expect(error.error.code).toBe('validation_failed');
      expect(error.error.details.fields.map((entry) => entry.field)).toContain(field);
    }
  });
});
