import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../src/temporal/dev-server.js';
import { eventually } from '../api/support/api-harness.js';
import { killed, spawnWorkerProcess, waitFor } from '../sync/worker-process.js';
import { connectTestClient, removeTaskQueueLeftovers } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { sample, sampleSum } from './metric-samples.js';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

describe('a production worker process serves /metrics on METRICS_PORT', () => {
  const taskQueue = `worker-metrics-${randomUUID()}`;
  let postgres: TestDatabase | undefined;
  let dataDir: string | undefined;
  let worker: ChildProcess;
  let metricsUrl: string;

  const scrape = async (token?: string) => {
    const response = await fetch(`${metricsUrl}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    return { status: response.status, text: await response.text() };
  };

  beforeAll(async () => {
    // Postgres when the suite has it; otherwise a PGlite directory the worker process owns.
    if (inject('testDatabaseUrl')) postgres = await createTestDatabase();
    else dataDir = mkdtempSync(join(tmpdir(), 'sis-worker-metrics-'));
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}`;
    worker = spawnWorkerProcess({
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: taskQueue,
      SECRETS_KEY: 'ab'.repeat(32),
      HOST: '127.0.0.1',
      METRICS_PORT: String(port),
      METRICS_TOKEN,
      ...(postgres?.url ? { DATABASE_URL: postgres.url } : { DATA_DIR: dataDir! }),
    });
    let stderr = '';
    worker.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The listener opens once the worker has bundled its workflows, which takes a while on a busy machine.
    await waitFor(async () => (await fetch(`${metricsUrl}/healthz`).catch(() => undefined))?.ok === true, 'the worker metrics listener', 240_000).catch(
      (error: Error) => {
        throw new Error(`${error.message}; worker exit ${worker.exitCode ?? 'none'}; stderr: ${stderr.slice(-2000)}`);
      },
    );
  }, 300_000);

  afterAll(async () => {
    await removeTaskQueueLeftovers(taskQueue);
    if (worker) await killed(worker, 'SIGTERM');
    await postgres?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs METRICS_TOKEN', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
  });

  it("serves the Temporal SDK's worker metrics next to the bridge's and the process's", { timeout: 180_000 }, async () => {
    const before = (await scrape(METRICS_TOKEN)).text;
    const { client, connection } = await connectTestClient();
    try {
      // A production workflow with one cheap activity: an endpoint that does not exist is skipped.
      const event = {
        id: randomUUID(),
        type: 'run.failed',
        occurredAt: new Date().toISOString(),
        tenantId: 'district-metrics',
        providerId: randomUUID(),
        runId: randomUUID(),
        data: {},
      };
      const result = await client.workflow.execute('deliverNotifications', {
        taskQueue,
        workflowId: `metrics-${randomUUID()}`,
        args: [{ event, endpointIds: [randomUUID()] }],
      });
      expect(result).toEqual({ delivered: 0, skipped: 1, failed: 0 });
    } finally {
      await connection.close();
    }
    const completed = (text: string) => sampleSum(text, 'temporal_workflow_completed', { workflow_type: 'deliverNotifications', task_queue: taskQueue });
    // The SDK's exporter reflects a completion once its metrics are next collected.
    const after = await eventually(
      async () => (await scrape(METRICS_TOKEN)).text,
      (text) => completed(text) > completed(before),
      'temporal_workflow_completed for the delivery',
      60_000,
    );
    expect(completed(after)).toBe(1);
    expect(sampleSum(after, 'temporal_activity_execution_latency_count', { activity_type: 'deliverNotification' })).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(after).toContain('# TYPE sis_bridge_sync_runs_total counter');
  });
});
