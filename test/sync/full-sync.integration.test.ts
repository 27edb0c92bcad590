import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import type { SimUser } from '../../sim/district/model.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { auditActionsOfRun, planOfRun, readScimState, runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';

const STUDENTS = 2000;

describe.each(['clever', 'classlink'] as const)('full sync from %s into a real SCIM server', (kind) => {
  let stack: SyncStack;
  let database: SyncStack['database'];
  let store: SyncStack['store'];
  let sis: SyncStack['sis'];
  let scim: SyncStack['scim'];
  let worker: SyncStack['worker'];
  let temporal: SyncStack['temporal'];
  let ids: SyncStack['ids'];

  beforeAll(async () => {
    stack = await startSyncStack({
      kind,
      seed: 11,
      students: STUDENTS,
      sync: { batchSize: 200 },
      tenantSettings: { emailDomain: 'springfield.k12.example', deletionThreshold: { percent: 20, count: 100_000 } },
    });
    ({ database, store, sis, scim, worker, temporal, ids } = stack);
  }, 180_000);

  afterAll(() => stack?.close());

  it('makes the SCIM users, groups and memberships match the district exactly', { timeout: 300_000 }, async () => {
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.status).toBe('completed');
    expect(result.counts.failed).toBe(0);

    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    const usersByExternalId = new Map(users.map((user) => [user.externalId, user]));
    expect(users).toHaveLength(expected.users.length);
    for (const user of expected.users) {
      const scimUser = usersByExternalId.get(userExternalId(ids.providerId, user.sourceId));
      expect(scimUser, user.sourceId).toBeDefined();
      expect(scimUser).toMatchObject({ active: true, userType: user.primaryRole, name: { givenName: user.givenName, familyName: user.familyName } });
      if (user.email) expect(scimUser?.emails).toEqual([expect.objectContaining({ value: user.email })]);
    }
    expect(new Set(users.map((user) => user.userName.toLowerCase())).size).toBe(users.length);

    const sourceIdOfScimId = new Map(users.map((user) => [user.id, String(user.externalId).split(':').pop()]));
    const groupsByExternalId = new Map(groups.map((group) => [group.externalId, group]));
    expect(groups).toHaveLength(expected.sections.length);
    for (const section of expected.sections) {
      const group = groupsByExternalId.get(groupExternalId(ids.providerId, section.sourceId));
      expect(group, section.sourceId).toBeDefined();
      const members = (group?.members ?? []).map((member) => sourceIdOfScimId.get(member.value)).sort();
      const enrolled = expected.enrollments
        .filter((enrollment) => enrollment.sectionId === section.sourceId)
        .map((enrollment) => enrollment.userId)
        .sort();
      expect(members).toEqual(enrolled);
    }
  });

  it('makes zero SCIM writes when nothing changed', { timeout: 300_000 }, async () => {
    scim.traffic.resetCounters();
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 });
    expect(scim.traffic.stats.writes).toBe(0);
  });

  it(
    'converges after renames, moves and deletions; the dry run plan equals what the real sync does and the audit lists exactly those changes',
    { timeout: 300_000 },
    async () => {
      const students = store.list('users').filter((user) => user.roles.includes('student'));
      const renamed = students[0]!;
      const deleted = students[1]!;
      const mover = students[2]!;
      const from = store.list('sections').find((section) => section.studentIds.includes(mover.id))!;
      const to = store.list('sections').find((section) => section.schoolId === from.schoolId && !section.studentIds.includes(mover.id))!;
      const deletedSections = store
        .list('sections')
        .filter((section) => section.studentIds.includes(deleted.id))
        .map((section) => section.id);
      store.mutate({ op: 'update', kind: 'users', id: renamed.id, patch: { name: { last: `${renamed.name.last}-Renamed` } } });
      store.mutate({ op: 'delete', kind: 'users', id: deleted.id });
      store.mutate({ op: 'unenroll', sectionId: from.id, userId: mover.id });
      store.mutate({ op: 'enroll', sectionId: to.id, userId: mover.id, role: 'student' });

      scim.traffic.resetCounters();
      const dry = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full', dryRun: true });
      expect(scim.traffic.stats.writes).toBe(0);
      const real = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
      const strip = (items: Awaited<ReturnType<typeof planOfRun>>) => items.map(({ status: _status, ...rest }) => rest);
      expect(strip(await planOfRun(database.db, real.runId))).toEqual(strip(await planOfRun(database.db, dry.runId)));

      const audit = (await auditActionsOfRun(database.db, real.runId)).filter((entry) => entry.action.startsWith('scim.'));
      expect(audit.every((entry) => entry.outcome === 'success')).toBe(true);
      expect(audit.filter((entry) => entry.action === 'scim.user.update').map((entry) => entry.sourceId)).toEqual([renamed.id]);
      expect(audit.filter((entry) => entry.action === 'scim.user.deactivate').map((entry) => entry.sourceId)).toEqual([deleted.id]);
      expect(new Set(audit.filter((entry) => entry.action === 'scim.group.members').map((entry) => entry.sourceId))).toEqual(
        new Set([from.id, to.id, ...deletedSections]),
      );
      expect(audit.filter((entry) => !['scim.user.update', 'scim.user.deactivate', 'scim.group.members'].includes(entry.action))).toEqual([]);

      const { users } = await readScimState(scim.baseUrl, scim.token);
      const byExternalId = new Map(users.map((user) => [user.externalId, user]));
      expect(byExternalId.get(userExternalId(ids.providerId, renamed.id))?.name).toMatchObject({ familyName: `${renamed.name.last}-Renamed` });
      expect(byExternalId.get(userExternalId(ids.providerId, deleted.id))?.active).toBe(false);
    },
  );

  it('holds deprovisions over the threshold, applies everything else, and deprovisions after approval', { timeout: 300_000 }, async () => {
    const students = store.list('users').filter((user) => user.roles.includes('student'));
    const leaving = students.slice(0, Math.ceil(students.length * 0.3));
    for (const student of leaving) store.mutate({ op: 'delete', kind: 'users', id: student.id });
    const newcomer = { ...(students.at(-1) as SimUser), id: 'ffffffffffffffffffff0001', email: 'newcomer@springfield.k12.example', username: 'newcomer' };
    const { created: _c, lastModified: _l, status: _s, ...newcomerRecord } = newcomer;
    store.mutate({ op: 'create', kind: 'users', record: newcomerRecord });

    const handle = await temporal.client.workflow.start('tenantSync', {
      taskQueue: worker.taskQueue,
      workflowId: `sync/${ids.tenantId}/${ids.providerId}`,
      args: [{ ...ids, mode: 'full', trigger: 'test' }],
    });
    let progress = await handle.query<{ phase: string; heldDeletions: number }>('progress');
    while (progress.phase !== 'awaiting_approval') {
      await new Promise((resolve) => setTimeout(resolve, 250));
      progress = await handle.query('progress');
    }
    expect(progress.heldDeletions).toBeGreaterThanOrEqual(leaving.length);
    const midway = await readScimState(scim.baseUrl, scim.token);
    expect(midway.users.find((user) => user.externalId === userExternalId(ids.providerId, newcomer.id))).toBeDefined();
    expect(midway.users.filter((user) => user.active === false)).toHaveLength(1); // only the earlier deletion

    await handle.executeUpdate('approveDeletions', { args: [{ actor: 'test-admin' }] });
    const result = (await handle.result()) as { counts: { deprovisioned: number } };
    expect(result.counts.deprovisioned).toBeGreaterThanOrEqual(leaving.length);
    const after = await readScimState(scim.baseUrl, scim.token);
    expect(after.users.filter((user) => user.active === false)).toHaveLength(leaving.length + 1);
  });

  it('keeps roster records and credentials out of the workflow history', async () => {
    const history = await temporal.client.workflow.getHandle(`sync/${ids.tenantId}/${ids.providerId}`).fetchHistory();
    const text = JSON.stringify(history);
    const someone = store.list('users', { includeDeleted: true }).find((user) => user.roles.includes('teacher'))!;
    expect(text).not.toContain(someone.name.last);
    expect(text).not.toContain(someone.id.length > 0 && someone.email ? someone.email : 'never-present');
    for (const secret of Object.values(sis.provider.credentials)) expect(text).not.toContain(secret);
    expect(text).not.toContain(scim.token);
  });
});
