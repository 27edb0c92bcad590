import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { syncPlanItems } from '../../src/db/schema/index.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { readScimState, runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';

/**
 * The strict target: better-auth's SCIM plugin requires an email unless the userName is one,
 * and keeps primary emails unique. The district's two staff sharing an email therefore cannot
 * both land there: the second must be reported as a per-record failure, never fail the run.
 */
describe.each(['clever', 'classlink'] as const)('full sync from %s into better-auth SCIM', (kind) => {
  let stack: SyncStack;
  let database: SyncStack['database'];
  let store: SyncStack['store'];
  let scim: SyncStack['scim'];
  let worker: SyncStack['worker'];
  let temporal: SyncStack['temporal'];
  let ids: SyncStack['ids'];

  beforeAll(async () => {
    // Young students have no SIS email: their userName falls back to {sisId}@domain, an email.
    stack = await startSyncStack({ kind, seed: 17, students: 300, target: 'better-auth' });
    ({ database, store, scim, worker, temporal, ids } = stack);
  }, 120_000);

  afterAll(() => stack?.close());

  it('lands every user, group and membership the target accepts and reports the rest per record', { timeout: 300_000 }, async () => {
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.status).toBe('completed');

    const failed = await database.db
      .select()
      .from(syncPlanItems)
      .where(and(eq(syncPlanItems.runId, result.runId), eq(syncPlanItems.status, 'failed')));
    const failedUsers = failed.filter((item) => item.resourceType === 'User' && item.op === 'create');
    // Exactly the shared-email staff member, refused as a uniqueness conflict.
    expect(failedUsers).toHaveLength(1);
    expect(failedUsers[0]?.error).toMatchObject({ status: 409 });
    const emailOwners = new Map<string, number>();
    for (const user of store.list('users')) if (user.email) emailOwners.set(user.email, (emailOwners.get(user.email) ?? 0) + 1);
    const failedUser = store.get('users', failedUsers[0]!.sourceId);
    expect(emailOwners.get(failedUser?.email ?? '')).toBe(2);

    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    expect(users).toHaveLength(expected.users.length - 1);
    const landed = new Set(users.map((user) => user.externalId));
    for (const user of expected.users) {
      if (user.sourceId === failedUser?.id) continue;
      expect(landed.has(userExternalId(ids.providerId, user.sourceId)), user.sourceId).toBe(true);
    }
    const sourceIdOfScimId = new Map(users.map((user) => [user.id, String(user.externalId).split(':').pop()]));
    expect(groups).toHaveLength(expected.sections.length);
    for (const group of groups) {
      const sectionId = String(group.externalId).split(':').pop()!;
      expect(group.externalId).toBe(groupExternalId(ids.providerId, sectionId));
      const members = (group.members ?? []).map((member) => sourceIdOfScimId.get(member.value)).sort();
      const enrolled = expected.enrollments
        .filter((e) => e.sectionId === sectionId && e.userId !== failedUser?.id)
        .map((e) => e.userId)
        .sort();
      expect(members).toEqual(enrolled);
    }
  });

  it('on an immediate second sync writes only the retry of the refused record', { timeout: 300_000 }, async () => {
    scim.traffic.resetCounters();
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 1 });
    // A refused create is retried every run (the district may have fixed the record since).
    expect(scim.traffic.stats.writes).toBe(1);
  });
});
