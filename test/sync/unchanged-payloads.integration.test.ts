import type { Client } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { scimUnsettledMembers } from '../../src/db/schema/index.js';
import { syncWorkflowId } from '../../src/temporal/sync-contract.js';
import { differenceCounts, NO_DIFFERENCES } from '../support/convergence-check.js';
import { runSync } from '../support/sync-fixture.js';
import { CONVERGENCE_TARGETS, startConvergenceStack, type ConvergenceStack } from '../convergence/convergence-stack.js';

/** What every completed activity of one type returned, from the workflow's history. */
async function activityResults<T>(client: Client, workflowId: string, type: string): Promise<T[]> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const results: T[] = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed && typeOfScheduled.get(String(completed.scheduledEventId)) === type) {
      const payload = completed.result?.payloads?.[0]?.data;
      if (payload) results.push(JSON.parse(Buffer.from(payload).toString('utf8')) as T);
    }
  }
  return results;
}

/**
 * A full sync stages and transforms only the SIS payloads the mirror does not already hold
 * (src/sync/stage-fetched-page.ts; Clever sections vouch for their enrollments, OneRoster
 * enrollments are compared under their section:user key), yet still sees every record for its sweep, and maps again
 * the untouched records whose desired document depends on a name that changed
 * (src/sync/remap-desired.ts). The target stays exactly equal to the district throughout.
 */
describe.each(['clever', 'classlink'] as const)('a full sync from %s skips the payloads it already holds', (provider) => {
  let stack: ConvergenceStack;
  const fullSync = async () => {
    const result = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' });
    expect(result.status, result.message ?? '').toBe('completed');
    const transformed = await activityResults<{ records: number }>(
      stack.temporal.client,
      syncWorkflowId(stack.ids.tenantId, stack.ids.providerId),
      'transformBatch',
    );
    return { result, transforms: transformed.length, transformedRecords: transformed.reduce((sum, batch) => sum + batch.records, 0) };
  };
  const expectExact = async () => {
    const report = await stack.check();
    expect(differenceCounts(report), report.examples.join('\n')).toEqual(NO_DIFFERENCES);
  };

  beforeAll(async () => {
    stack = await startConvergenceStack(CONVERGENCE_TARGETS[0]!, { students: 120, seed: 31, provider });
  }, 180_000);
  afterAll(() => stack?.close());

  it('transforms every record on the first sync, and none when nothing changed', { timeout: 300_000 }, async () => {
    const first = await fullSync();
    expect(first.transformedRecords).toBeGreaterThan(stack.store.list('users').length);
    await expectExact();

    const again = await fullSync();
    expect(again.transformedRecords).toBe(0);
    // A page that staged nothing schedules no transform (workflows/staged-pages.ts). OneRoster
    // lists records the transform leaves out (guardians, the district org): their pages are
    // staged and transformed again each time, to no effect.
    if (provider === 'clever') expect(again.transforms).toBe(0);
    else expect(again.transforms).toBeLessThan(first.transforms / 2);
    expect(again.result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 });
    await expectExact();
  });

  it('transforms only what changed, sweeps what is gone, and renames every section of a renamed term', { timeout: 300_000 }, async () => {
    const { store } = stack;
    const students = store.list('users').filter((user) => user.roles.includes('student'));
    const [renamed, leaving, mover] = [students[0]!, students[1]!, students[2]!];
    const from = store.list('sections').find((section) => section.studentIds.includes(mover.id))!;
    const term = store.list('terms').find((candidate) => store.list('sections').some((section) => section.termId === candidate.id))!;
    const sectionsOfTerm = store.list('sections').filter((section) => section.termId === term.id);
    store.mutate({ op: 'update', kind: 'users', id: renamed.id, patch: { name: { ...renamed.name, last: `${renamed.name.last}-Renamed` } } });
    store.mutate({ op: 'delete', kind: 'users', id: leaving.id });
    store.mutate({ op: 'unenroll', sectionId: from.id, userId: mover.id });
    store.mutate({ op: 'update', kind: 'terms', id: term.id, patch: { name: `${term.name} (renamed)` } });

    const { result, transformedRecords } = await fullSync();
    // The renamed student, the term, and the sections whose payload changed (with their
    // enrollments), far from the whole district.
    expect(transformedRecords).toBeGreaterThan(0);
    expect(transformedRecords).toBeLessThan(stack.store.list('users').length);
    // Every section of the renamed term is renamed on the target, although most payloads were untouched.
    expect(result.counts.updated).toBeGreaterThanOrEqual(1 + sectionsOfTerm.length);
    expect(result.counts.deprovisioned).toBe(1);
    await expectExact();

    const settled = await fullSync();
    expect(settled.transformedRecords).toBe(0);
    expect(settled.result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0 });
  });

  it('applies a membership change that a dry run saw first, although its payload is unchanged by then', { timeout: 300_000 }, async () => {
    const { store } = stack;
    const section = store.list('sections').find((candidate) => candidate.studentIds.length > 1)!;
    const [leaver] = section.studentIds;
    store.mutate({ op: 'unenroll', sectionId: section.id, userId: leaver! });
    const unsettledGroups = async () =>
      (await stack.database.db.select().from(scimUnsettledMembers).where(eq(scimUnsettledMembers.providerId, stack.ids.providerId))).map(
        (row) => row.groupSourceId,
      );

    // The dry run takes the change into the mirror and plans the patch, and writes nothing.
    const dry = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full', dryRun: true });
    expect(dry.status, dry.message ?? '').toBe('completed');
    expect(dry.message).toMatch(/1 membership changes/);
    const report = await stack.check();
    expect(differenceCounts(report).membershipDifferences).toBe(1);
    expect(await unsettledGroups()).toContain(section.id);

    // The next sync finds every payload already held, and still diffs that section: its patch was planned, never applied.
    const { result, transformedRecords } = await fullSync();
    expect(transformedRecords).toBe(0);
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 1, failed: 0 });
    await expectExact();
    expect(await unsettledGroups()).toEqual([]);
  });
});
