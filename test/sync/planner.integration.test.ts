import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterRecords, scimGroupMembers, scimResources, syncPlanItems } from '../../src/db/schema/index.js';
import { resolveMappingSettings } from '../../src/domain/mapping-settings.js';
import type { RosterEnrollment, RosterSection, RosterUser } from '../../src/domain/roster.js';
import { contentHash } from '../../src/domain/content-hash.js';
import { desiredUser, type MappingLookups } from '../../src/domain/desired-documents.js';
import { beginPlan, finishPlan, planPart, type PlanRun } from '../../src/sync/plan/plan-run.js';
import { upsertRosterBatch } from '../../src/sync/roster-mirror.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const student = (sourceId: string, overrides: Partial<RosterUser> = {}): RosterUser => ({
  sourceId,
  roles: ['student'],
  primaryRole: 'student',
  givenName: 'Ada',
  familyName: `Student ${sourceId}`,
  email: `${sourceId}@springfield.example`,
  schoolIds: ['school-1'],
  ...overrides,
});
const section = (sourceId: string): RosterSection => ({ sourceId, name: `Section ${sourceId}`, schoolId: 'school-1', teacherIds: [] });
const enrollment = (sectionId: string, userId: string): RosterEnrollment => ({ sectionId, userId, role: 'student', primary: false });

describe('the planner (SQL over the mirror and the applied state)', () => {
  let database: TestDatabase;
  const tenantId = `district-${randomUUID().slice(0, 8)}`;
  const providerId = randomUUID();
  const lookups: MappingLookups = {
    providerId,
    settings: resolveMappingSettings({ emailDomain: 'springfield.example', deletionThreshold: { count: 1, percent: 100 } }),
    schools: new Map([['school-1', { sourceId: 'school-1', name: 'Springfield Elementary' }]]),
    courses: new Map(),
    terms: new Map(),
    requireEmail: false,
    enterprise: false,
  };

  const plan = async (mode: 'full' | 'incremental', runId: string, partSize = 2) => {
    const run: PlanRun = { tenantId, providerId, runId, mode, partSize };
    const parts = await beginPlan(database.db, run);
    // Parts in reverse order: they are independent of one another.
    for (let part = parts - 1; part >= 0; part -= 1) await planPart(database.db, run, part, lookups);
    const summary = await finishPlan(database.db, run, 100, lookups.settings.deletionThreshold);
    return { summary, items: await database.db.select().from(syncPlanItems).where(eq(syncPlanItems.runId, runId)).orderBy(asc(syncPlanItems.seq)), parts };
  };
  const mirror = (runId: string, batch: Parameters<typeof upsertRosterBatch>[2], recordSeen = true) =>
    upsertRosterBatch(database.db, { tenantId, providerId, runId }, batch, { lookups, recordSeen });
  /** Records a user as applied with exactly the document the mirror desires. */
  const applyUser = async (user: RosterUser, userName: string, active = true) => {
    const document = desiredUser(user, userName, lookups);
    await database.db.insert(scimResources).values({
      providerId,
      tenantId,
      resourceType: 'User',
      sourceId: user.sourceId,
      scimId: `scim-${user.sourceId}`,
      externalId: document.externalId,
      userName,
      appliedHash: contentHash(document),
      appliedDocument: { ...document },
      active,
    });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
  }, 60_000);
  afterAll(() => database?.dispose());

  it('plans creates with claimed, collision-free userNames, members for new sections, and numbers the batches', async () => {
    const runId = randomUUID();
    // Two users whose templates render the same name: the second claim takes the next suffix.
    await mirror(runId, {
      errors: [],
      users: [student('u1'), student('u2', { email: 'u1@springfield.example' }), student('u3')],
      sections: [section('s1')],
      enrollments: [enrollment('s1', 'u1'), enrollment('s1', 'u3')],
    });
    const { summary, items } = await plan('full', runId);
    expect(summary).toMatchObject({ creates: 4, updates: 0, deprovisions: 0, membershipChanges: 2, held: 0 });
    expect(summary.phases).toEqual([
      { phase: 'users', batches: [0] },
      { phase: 'groups', batches: [1] },
      { phase: 'members', batches: [2] },
    ]);
    const userNames = items.filter((item) => item.resourceType === 'User').map((item) => [item.sourceId, item.details.userName]);
    expect(userNames).toEqual([
      ['u1', 'u1@springfield.example'],
      ['u2', 'u12@springfield.example'],
      ['u3', 'u3@springfield.example'],
    ]);
    expect(items.find((item) => item.op === 'members')).toMatchObject({ sourceId: 's1', batch: 2, details: { add: ['u1', 'u3'], remove: [] } });
  });

  it('plans nothing for what is applied as desired, and a repeated full run rewrites no mirror row', async () => {
    await applyUser(student('u1'), 'u1@springfield.example');
    await applyUser(student('u2', { email: 'u1@springfield.example' }), 'u12@springfield.example');
    await applyUser(student('u3'), 'u3@springfield.example');
    const runId = randomUUID();
    const before = await database.db
      .select({ sourceId: rosterRecords.sourceId, changedRunId: rosterRecords.changedRunId })
      .from(rosterRecords)
      .where(eq(rosterRecords.providerId, providerId));
    await mirror(runId, {
      errors: [],
      users: [student('u1'), student('u2', { email: 'u1@springfield.example' }), student('u3')],
      sections: [section('s1')],
      enrollments: [enrollment('s1', 'u1'), enrollment('s1', 'u3')],
    });
    const after = await database.db
      .select({ sourceId: rosterRecords.sourceId, changedRunId: rosterRecords.changedRunId })
      .from(rosterRecords)
      .where(eq(rosterRecords.providerId, providerId));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after.some((row) => row.changedRunId === runId)).toBe(false);
    const { items } = await plan('full', runId);
    // s1 was never applied: it is still a create, with its members; the users are settled.
    expect(items.filter((item) => item.resourceType === 'User')).toEqual([]);
  });

  it('describes updates by the attributes they change and deprovisions what the mirror marks deleted or no longer holds', async () => {
    await database.db.insert(scimResources).values({
      providerId,
      tenantId,
      resourceType: 'Group',
      sourceId: 's1',
      scimId: 'scim-s1',
      externalId: 'x',
      appliedHash: 'stale',
      appliedDocument: {},
      active: true,
    });
    await database.db.insert(scimGroupMembers).values([
      { providerId, groupSourceId: 's1', userSourceId: 'u1' },
      { providerId, groupSourceId: 's1', userSourceId: 'u3' },
    ]);
    await applyUser(student('gone'), 'gone@springfield.example');
    const runId = randomUUID();
    // u1 renamed, u3 not sent (the sweep marks it deleted), u2 unchanged; "gone" has no mirror record at all.
    await mirror(runId, {
      errors: [],
      users: [student('u1', { familyName: 'Renamed' }), student('u2', { email: 'u1@springfield.example' })],
      sections: [section('s1')],
      enrollments: [enrollment('s1', 'u1')],
    });
    const { summary, items } = await plan('full', runId);
    const simple = items.map((item) => ({ op: item.op, type: item.resourceType, sourceId: item.sourceId, details: item.details, status: item.status }));
    expect(simple).toEqual(
      expect.arrayContaining([
        { op: 'update', type: 'User', sourceId: 'u1', details: { changedFields: ['displayName', 'name'] }, status: 'pending' },
        {
          op: 'update',
          type: 'Group',
          sourceId: 's1',
          details: expect.objectContaining({ changedFields: expect.arrayContaining(['displayName']) }),
          status: 'pending',
        },
        { op: 'members', type: 'Group', sourceId: 's1', details: { add: [], remove: ['u3'] }, status: 'pending' },
        // Two user deprovisions exceed the threshold's count of 1: held for a decision.
        { op: 'deprovision', type: 'User', sourceId: 'u3', details: { policy: 'deactivate' }, status: 'held' },
        { op: 'deprovision', type: 'User', sourceId: 'gone', details: { policy: 'deactivate' }, status: 'held' },
      ]),
    );
    expect(simple).toHaveLength(5);
    expect(summary).toMatchObject({ creates: 0, updates: 2, deprovisions: 2, membershipChanges: 1, held: 2 });
  });

  it('plans an incremental run from what it changed only', async () => {
    // Settle the state as if the previous run had been applied.
    await database.db.delete(scimResources).where(and(eq(scimResources.providerId, providerId), eq(scimResources.sourceId, 'gone')));
    await database.db
      .update(scimResources)
      .set({ active: false })
      .where(and(eq(scimResources.providerId, providerId), eq(scimResources.sourceId, 'u3')));
    await database.db.delete(scimResources).where(and(eq(scimResources.providerId, providerId), eq(scimResources.sourceId, 'u1')));
    await applyUser(student('u1', { familyName: 'Renamed' }), 'u1@springfield.example');
    await database.db.delete(scimGroupMembers).where(and(eq(scimGroupMembers.providerId, providerId), eq(scimGroupMembers.userSourceId, 'u3')));
    const runId = randomUUID();
    // One new user enrolled in s1; the untouched rows (u1, u2, the stale group s1 itself) are not looked at.
    await mirror(runId, { errors: [], users: [student('u4')], enrollments: [enrollment('s1', 'u4')] }, false);
    const { items, parts } = await plan('incremental', runId);
    expect(parts).toBe(2);
    expect(items.map((item) => ({ op: item.op, sourceId: item.sourceId, details: item.details }))).toEqual([
      { op: 'create', sourceId: 'u4', details: { userName: 'u4@springfield.example' } },
      { op: 'members', sourceId: 's1', details: { add: ['u4'], remove: [] } },
    ]);
  });
});
