import { WorkflowFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { auditLog, syncRuns } from '../../src/db/schema/index.js';
import { runSync } from '../support/sync-fixture.js';
import { startConvergenceStack, type ConvergenceStack } from './convergence-stack.js';

/**
 * A run that fails says why, everywhere an operator looks: the sync_runs row (which
 * GET /sync/{tenant}/status and …/history show), the sync.run.failed audit entry and the
 * workflow's own failure carry the activity's typed error, not "Activity task failed".
 */
describe('the root cause of a failed run', () => {
  let stack: ConvergenceStack;

  beforeAll(async () => {
    // A real SCIM server, but a base URL under which nothing answers like SCIM.
    const target = {
      name: 'a wrong base URL',
      keepsDanglingMembers: false,
      start: async () => {
        const server = await startScimmyServer();
        return { baseUrl: `${server.baseUrl}/not-scim`, token: server.token, truthBaseUrl: server.baseUrl, close: server.close };
      },
    };
    stack = await startConvergenceStack(target, { students: 50, seed: 5 });
  }, 180_000);
  afterAll(() => stack?.close());

  it('is recorded in the run, the audit log and the workflow failure', { timeout: 300_000 }, async () => {
    const failure = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as { type?: string; message: string };
    expect(cause).toMatchObject({ type: 'SyncFailed' });
    expect(cause.message).toMatch(/^ScimTargetUnavailable: SCIM GET \/Users: answered 404/);

    const [run] = await stack.database.db.select().from(syncRuns).where(eq(syncRuns.providerId, stack.ids.providerId));
    expect(run).toMatchObject({ status: 'failed', message: cause.message });
    const [audit] = await stack.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.runId, run!.id), eq(auditLog.action, 'sync.run.failed')));
    expect(audit?.details).toMatchObject({ message: cause.message });
  });
});
