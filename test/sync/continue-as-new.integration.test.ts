import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { syncWorkflowId } from '../../src/temporal/sync-contract.js';
import { readScimState, runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';

/**
 * A small history budget forces what a 100k-student district does: the sync continues as new,
 * also in the middle of a kind's pages (Clever's one after the other, OneRoster's side by side).
 */
describe.each(['clever', 'classlink'] as const)('a sync from %s longer than its history budget', (kind) => {
  let stack: SyncStack;
  beforeAll(async () => {
    stack = await startSyncStack({ kind, seed: 57, students: 150, sync: { historyBudget: 60, sisPageSize: 40, batchSize: 25 } });
  }, 120_000);
  afterAll(() => stack?.close());

  it('continues as new (several runs, each within budget) and still completes exactly', { timeout: 240_000 }, async () => {
    const { temporal, worker, ids, scim, store } = stack;
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.status).toBe('completed');
    expect(result.counts.failed).toBe(0);

    const workflowId = syncWorkflowId(ids.tenantId, ids.providerId);
    const runs: Array<{ status: string; historyLength: number }> = [];
    for await (const execution of temporal.client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) {
      runs.push({ status: execution.status.name, historyLength: execution.historyLength });
    }
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.filter((run) => run.status === 'CONTINUED_AS_NEW').length).toBe(runs.length - 1);
    // The budget is checked between steps; the largest step is one chunk of 16 apply batches
    // (~6 events each), so a run may end up to ~100 events past it — far under 10K at 6,000.
    for (const run of runs) expect(run.historyLength).toBeLessThan(60 + 120);

    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    expect(users).toHaveLength(expected.users.length);
    expect(groups).toHaveLength(expected.sections.length);
    expect(groups.reduce((total, group) => total + (group.members?.length ?? 0), 0)).toBe(expected.enrollments.length);
  });
});
