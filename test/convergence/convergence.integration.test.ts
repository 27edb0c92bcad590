import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userExternalId, groupExternalId } from '../../src/domain/identity.js';
import { emptyRepairCounts } from '../../src/domain/target-repairs.js';
import { auditLog } from '../../src/db/schema/index.js';
import { eq } from 'drizzle-orm';
import { connectScimClient, type ScimClient } from '../../src/scim/index.js';
import { differenceCounts, readTarget, type ConvergenceReport, NO_DIFFERENCES } from '../support/convergence-check.js';
import { auditActionsOfRun, runSync } from '../support/sync-fixture.js';
import { CONVERGENCE_TARGETS, startConvergenceStack, type ConvergenceStack } from './convergence-stack.js';

const converged = (report: ConvergenceReport, keepsDanglingMembers: boolean) => ({
  ...differenceCounts(report),
  // A target that keeps deleted users' ids in groups keeps them whatever the bridge does.
  danglingMembers: keepsDanglingMembers ? expect.any(Number) : 0,
});

/**
 * The target ends up equal to the SIS under the mapping, whatever happens on either side:
 * on four SCIM servers (SCIMMY, better-auth, the third-party scim2-server from PyPI, and a
 * quirky front without discovery and with broken paging), after a full sync, after a round of
 * SIS changes and an incremental sync, and after drift made directly on the target (users
 * deleted, deactivated and edited, group members removed, a group renamed and one deleted)
 * and a full sync that verifies the target.
 */
describe.each(CONVERGENCE_TARGETS)('convergence with $name', (target) => {
  let stack: ConvergenceStack;
  let scim: ScimClient;
  const sync = (mode: 'full' | 'incremental', dryRun = false) => runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode, dryRun });

  beforeAll(async () => {
    stack = await startConvergenceStack(target, { students: 120, seed: 23 });
    scim = await connectScimClient({ baseUrl: stack.target.baseUrl, token: stack.target.token });
  }, 180_000);
  afterAll(() => stack?.close());

  it('a full sync makes the target equal the SIS', { timeout: 300_000 }, async () => {
    const result = await sync('full');
    expect(result.status, result.message ?? '').toBe('completed');
    const report = await stack.check();
    expect(differenceCounts(report), report.examples.join('\n')).toEqual(converged(report, target.keepsDanglingMembers));
    expect(report).toMatchObject(NO_DIFFERENCES);
  });

  it('a round of SIS changes and an incremental sync keep it equal', { timeout: 300_000 }, async () => {
    const { store } = stack;
    const students = store.list('users').filter((user) => user.roles.includes('student'));
    const [renamed, leaving, mover] = [students[0]!, students[1]!, students[2]!];
    const from = store.list('sections').find((section) => section.studentIds.includes(mover.id))!;
    const to = store.list('sections').find((section) => section.schoolId === from.schoolId && !section.studentIds.includes(mover.id))!;
    store.mutate({ op: 'update', kind: 'users', id: renamed.id, patch: { name: { ...renamed.name, last: `${renamed.name.last}-Renamed` } } });
    store.mutate({ op: 'delete', kind: 'users', id: leaving.id });
    store.mutate({ op: 'unenroll', sectionId: from.id, userId: mover.id });
    store.mutate({ op: 'enroll', sectionId: to.id, userId: mover.id, role: 'student' });

    const result = await sync('incremental');
    expect(result.status, result.message ?? '').toBe('completed');
    expect(result.counts).toMatchObject({ updated: 1, deprovisioned: 1 });
    const report = await stack.check();
    expect(differenceCounts(report), report.examples.join('\n')).toEqual(converged(report, target.keepsDanglingMembers));
  });

  it('drift made directly on the target is listed by a dry run, then repaired by a full sync', { timeout: 300_000 }, async () => {
    const { ids } = stack;
    const before = await readTarget(stack.target.truthBaseUrl, stack.target.token);
    const managed = before.users.filter((user) => user.active !== false && user.externalId?.startsWith(userExternalId(ids.providerId, '')));
    const groups = before.groups.filter((group) => group.externalId?.startsWith(groupExternalId(ids.providerId, '')) && (group.members?.length ?? 0) >= 3);
    const [deleted, deactivated, edited] = [managed.slice(0, 3), managed.slice(3, 6), managed.slice(6, 9)];
    // The student deprovisioned by the incremental round, made active again by an admin.
    const deprovisioned = before.users.filter((user) => user.active === false && user.externalId?.startsWith(userExternalId(ids.providerId, '')));
    expect(deprovisioned).toHaveLength(1);
    await scim.users.patch(deprovisioned[0]!.id, [{ op: 'replace', path: 'active', value: true }]);
    for (const user of deleted) await scim.users.delete(user.id);
    for (const user of deactivated) await scim.users.deactivate(user.id);
    for (const user of edited) await scim.users.patch(user.id, [{ op: 'replace', path: 'name.familyName', value: 'Edited-By-An-Admin' }]);
    const trimmed = groups[0]!;
    const removed = trimmed
      .members!.map((member) => member.value)
      .filter((id) => !deleted.some((user) => user.id === id))
      .slice(0, 3);
    await scim.groups.updateMembers(trimmed.id, { remove: removed });
    await scim.groups.update(groups[1]!.id, { displayName: 'Renamed by an admin', externalId: groups[1]!.externalId! });
    await scim.groups.delete(groups[2]!.id);
    // Someone the bridge does not manage, in a bridge-managed group: never touched.
    const outsider = (
      await scim.users.create({
        userName: 'outsider@elsewhere.example',
        emails: [{ value: 'outsider@elsewhere.example', primary: true }],
        name: { givenName: 'Out', familyName: 'Sider' },
        active: true,
      })
    ).resource;
    await scim.groups.updateMembers(groups[3]!.id, { add: [outsider.id] });

    const drifted = await stack.check();
    expect(drifted).toMatchObject({ missingUsers: 3, activeMismatches: 3, attributeMismatches: 3, extraUsers: 1, missingGroups: 1, groupNameMismatches: 1 });
    expect(drifted.membershipDifferences).toBeGreaterThanOrEqual(3);

    // What the read-back finds, in the dry run and again in the run that repairs it.
    const foundDrift = { usersMissing: 3, usersDeactivated: 3, usersReactivated: 1, usersChanged: 3, groupsMissing: 1, groupsChanged: 1 };
    stack.target.traffic?.resetCounters();
    const dry = await sync('full', true);
    expect(dry.status, dry.message ?? '').toBe('completed');
    expect(dry.counts.repairs).toMatchObject(foundDrift);
    expect(dry.counts.repairs!.membersMissing).toBeGreaterThanOrEqual(3);
    expect(dry.message).toMatch(/target verified: 3 users missing, 3 users deactivated/);
    if (stack.target.traffic) expect(stack.target.traffic.stats.writes).toBe(0);
    expect(differenceCounts(await stack.check())).toEqual(differenceCounts(drifted));

    const repaired = await sync('full');
    expect(repaired.status, repaired.message ?? '').toBe('completed');
    expect(repaired.counts.repairs).toMatchObject(foundDrift);
    // Deactivating the reactivated student again is a deprovision like any other.
    expect(repaired.counts.deprovisioned).toBe(1);
    const report = await stack.check();
    expect(differenceCounts(report), report.examples.join('\n')).toEqual(converged(report, target.keepsDanglingMembers));

    const repairs = (await auditActionsOfRun(stack.database.db, repaired.runId)).filter((entry) => entry.action === 'scim.repair');
    expect(new Set(repairs.map((entry) => entry.sourceId)).size).toBeGreaterThanOrEqual(3 + 3 + 3 + 3);
    const after = await readTarget(stack.target.truthBaseUrl, stack.target.token);
    const outsiderNow = after.users.find((user) => user.id === outsider.id);
    expect(outsiderNow).toMatchObject({ userName: 'outsider@elsewhere.example', active: true, name: { familyName: 'Sider' } });
    expect(after.groups.find((group) => group.id === groups[3]!.id)?.members?.map((member) => member.value)).toContain(outsider.id);
  });

  it('the next full sync finds no drift and writes nothing', { timeout: 300_000 }, async () => {
    stack.target.traffic?.resetCounters();
    const result = await sync('full');
    expect(result.status, result.message ?? '').toBe('completed');
    const found = (await stack.database.db.select().from(auditLog).where(eq(auditLog.runId, result.runId))).filter((entry) => entry.action === 'scim.repair');
    expect(result.counts.repairs, JSON.stringify(found.map((entry) => entry.details))).toEqual(emptyRepairCounts());
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0 });
    // Only the retry of a record the target refuses for good (better-auth: a shared email).
    if (stack.target.traffic) expect(stack.target.traffic.stats.writes).toBe(result.counts.failed);
  });
});
