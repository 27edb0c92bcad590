import { randomUUID } from 'node:crypto';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { auditLog } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { SIS_PROVIDER, SYNC_MODE, SYNC_TRIGGER, TENANT_ID } from '../../src/temporal/search-attributes.js';
import { workflowsPath } from '../../src/temporal/worker.js';
import { smokeCheck } from '../support/smoke-check-workflow.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { eq } from 'drizzle-orm';

describe('workflow code', () => {
  it('bundles for the deterministic sandbox (a Node builtin import would fail here)', async () => {
    const bundle = await bundleWorkflowCode({
      workflowsPath,
      logger: { log: () => {}, info: () => {}, warn: () => {}, error: () => {}, debug: () => {}, trace: () => {} },
    });
    expect(bundle.code).toContain('tenantSync');
    // The smoke check is the tests' own; production workers do not register it.
    expect(bundle.code).not.toContain('smokeCheck');
    expect(bundle.code.length).toBeGreaterThan(10_000);
  });
});

describe('on the real Temporal dev server', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  let client: Client;
  let connection: Connection;

  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker({ db: database.db, secrets: new EmbeddedSecretStore(database.db, Buffer.alloc(32, 1)), sync: DEFAULT_SYNC_SETTINGS });
    ({ client, connection } = await connectTestClient());
  });
  afterAll(async () => {
    await worker.stop();
    await connection.close();
    await database.dispose();
  });

  it('runs a workflow to completion with the custom search attributes set', async () => {
    const workflowId = `smoke-${randomUUID()}`;
    const result = await client.workflow.execute(smokeCheck, {
      taskQueue: worker.taskQueue,
      workflowId,
      args: [{ tenantId: 'district-7', provider: 'clever' }],
    });
    expect(result.workflowId).toBe(workflowId);

    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.id, result.auditId));
    expect(row).toMatchObject({ tenantId: 'district-7', action: 'system.smoke_check', targetId: workflowId });

    const description = await client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('COMPLETED');
    expect(description.typedSearchAttributes.get(TENANT_ID)).toBe('district-7');
    expect(description.typedSearchAttributes.get(SIS_PROVIDER)).toBe('clever');
    expect(description.typedSearchAttributes.get(SYNC_MODE)).toBe('check');
    expect(description.typedSearchAttributes.get(SYNC_TRIGGER)).toBe('test');
  });
});
