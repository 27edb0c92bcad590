import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedStandings, eligibleUsers } from '../../src/db/queries/seat-eligibility.js';
import { putSeatPool } from '../../src/db/queries/seat-pools.js';
import { rosterRecords, scimResources, seatAssignments, seatPools, tenants } from '../../src/db/schema/index.js';
import type { EnrollmentRole, RosterSection, RosterTerm } from '../../src/domain/roster.js';
import { isSectionEligible, type SeatEligibility } from '../../src/domain/seats/eligibility.js';
import { rankOf } from '../../src/domain/seats/priority.js';
import type { SeatState } from '../../src/domain/seats/seat-state.js';
import { reconcilePoolSeats } from '../../src/seats/reconcile-pool-seats.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TODAY = '2026-11-01';
const RUN = randomUUID();

const terms: RosterTerm[] = [
  { sourceId: 'term-now', name: '2026-27', startDate: '2026-07-01', endDate: '2027-06-30' },
  { sourceId: 'term-past', name: '2025-26', startDate: '2025-07-01', endDate: '2026-06-30' },
  { sourceId: 'term-open', name: 'open ended', startDate: '', endDate: undefined },
  { sourceId: 'term-gone', name: 'deleted', startDate: '2026-01-01', endDate: '2027-12-31' },
];
const section = (sourceId: string, termId: string | undefined, extra: Partial<RosterSection> = {}): RosterSection => ({
  sourceId,
  name: sourceId,
  schoolId: 'school-a',
  courseId: 'course-1',
  subject: 'math',
  teacherIds: [],
  ...(termId ? { termId } : {}),
  ...extra,
});
const sections: RosterSection[] = [
  section('math-now', 'term-now'),
  section('art-now-b', 'term-now', { schoolId: 'school-b', courseId: 'course-2', subject: 'art' }),
  section('math-past', 'term-past'),
  section('math-open', 'term-open'),
  section('math-undated', undefined),
  section('math-deleted-term', 'term-gone'),
  section('math-unknown-term', 'term-missing'),
  section('math-deleted', 'term-now'),
];
type Enrollment = [sectionId: string, userId: string, role: EnrollmentRole];
const enrollments: Enrollment[] = [
  ['math-now', 'student-1', 'student'],
  ['math-now', 'both-roles', 'student'],
  ['math-open', 'both-roles', 'teacher'],
  ['art-now-b', 'teacher-b', 'teacher'],
  ['art-now-b', 'student-b', 'student'],
  ['math-past', 'student-past', 'student'],
  ['math-undated', 'student-undated', 'student'],
  ['math-deleted-term', 'student-deleted-term', 'student'],
  ['math-unknown-term', 'student-unknown-term', 'student'],
  ['math-deleted', 'student-deleted-section', 'student'],
  ['math-now', 'student-gone', 'student'],
  ['math-now', 'student-inactive', 'student'],
  ['math-now', 'student-unenrolled', 'student'],
];
const users = [...new Set(enrollments.map(([, userId]) => userId)), 'never-enrolled'];
const deleted = new Set(['terms/term-gone', 'sections/math-deleted', 'users/student-gone', 'enrollments/math-now/student-unenrolled']);

/** The pure rule over the same fixture: what the SQL must agree with. */
function expectedEligible(eligibility: SeatEligibility, today: string): Map<string, number> {
  const currentTerms = new Map(terms.filter((term) => !deleted.has(`terms/${term.sourceId}`)).map((term) => [term.sourceId, term]));
  const counted = new Set(
    sections.filter((s) => !deleted.has(`sections/${s.sourceId}`) && isSectionEligible(s, currentTerms, eligibility, today)).map((s) => s.sourceId),
  );
  const expected = new Map<string, number>();
  for (const [sectionId, userId, role] of enrollments) {
    if (
      !counted.has(sectionId) ||
      !eligibility.roles.includes(role) ||
      deleted.has(`users/${userId}`) ||
      deleted.has(`enrollments/${sectionId}/${userId}`) ||
      userId === 'student-inactive'
    )
      continue;
    expected.set(userId, Math.min(expected.get(userId) ?? 1, rankOf(role)));
  }
  return expected;
}

describe('seat eligibility in SQL over the current roster', () => {
  let database: TestDatabase;
  const tenantId = `district-${randomUUID().slice(0, 8)}`;
  const providerId = randomUUID();
  const scope = (eligibility: SeatEligibility, today = TODAY, poolId = 'pool') => ({ tenantId, poolId, providerId, eligibility, today });

  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    await db.insert(tenants).values({ id: tenantId, name: 'Springfield Unified' });
    const record = (kind: string, sourceId: string, data: object) => ({
      providerId,
      kind,
      sourceId,
      tenantId,
      data,
      hash: 'h',
      seenRunId: RUN,
      deletedRunId: deleted.has(`${kind}/${sourceId}`) ? RUN : null,
    });
    await db
      .insert(rosterRecords)
      .values([
        ...terms.map((term) => record('terms', term.sourceId, term)),
        ...sections.map((s) => record('sections', s.sourceId, s)),
        ...users.map((userId) => record('users', userId, { sourceId: userId })),
        ...enrollments.map(([sectionId, userId, role]) =>
          record('enrollments', `${sectionId}/${userId}`, { sectionId, userId, role, primary: role === 'teacher' }),
        ),
      ]);
    const scimUser = (sourceId: string, active: boolean) => ({
      providerId,
      resourceType: 'User' as const,
      sourceId,
      tenantId,
      scimId: `scim-${sourceId}`,
      externalId: sourceId,
      appliedHash: 'h',
      appliedDocument: {},
      active,
    });
    await db
      .insert(scimResources)
      .values([scimUser('student-1', true), scimUser('student-inactive', false), scimUser('student-gone', true), scimUser('student-past', true)]);
  }, 60_000);

  afterAll(async () => {
    await database?.dispose();
  });

  it('returns the users of current, counted sections in qualifying roles, teachers ranked first', async () => {
    const all = await eligibleUsers(database.db, scope({ roles: ['teacher', 'student'] }));
    expect(Object.fromEntries(all)).toEqual({ 'student-1': 1, 'both-roles': 0, 'teacher-b': 0, 'student-b': 1 });
  });

  it('applies roles, school, course and subject filters and the term dates of the given day', async () => {
    const cases: Array<[SeatEligibility, string]> = [
      [{ roles: ['student'] }, TODAY],
      [{ roles: ['teacher'] }, TODAY],
      [{ roles: ['teacher', 'student'], schoolIds: ['school-b'] }, TODAY],
      [{ roles: ['teacher', 'student'], courseIds: ['course-1'], subjects: ['math'] }, TODAY],
      [{ roles: ['student'], subjects: ['science'] }, TODAY],
      [{ roles: ['teacher', 'student'], schoolIds: [] }, TODAY],
      [{ roles: ['teacher', 'student'] }, '2026-03-15'],
      [{ roles: ['teacher', 'student'] }, '2026-06-30'],
      [{ roles: ['teacher', 'student'] }, '2027-07-01'],
    ];
    for (const [eligibility, today] of cases) {
      expect(Object.fromEntries(await eligibleUsers(database.db, scope(eligibility, today))), JSON.stringify({ eligibility, today })).toEqual(
        Object.fromEntries(expectedEligible(eligibility, today)),
      );
    }
    expect((await eligibleUsers(database.db, scope({ roles: ['student'] }, '2026-03-15'))).has('student-past')).toBe(true);
    expect((await eligibleUsers(database.db, scope({ roles: ['student'] }))).has('student-past')).toBe(false);
  });

  it('returns only where eligibility and the live assignments disagree', async () => {
    const { db } = database;
    await putSeatPool(db, {
      tenantId,
      id: 'pool',
      name: 'Pool',
      sku: null,
      capacity: 100,
      eligibility: { roles: ['teacher', 'student'] },
      gracePeriodSeconds: 0,
      scimGroup: false,
    });
    const since = new Date('2026-10-01T00:00:00Z');
    const row = (userSourceId: string, state: SeatState, rank: number) => ({
      tenantId,
      poolId: 'pool',
      providerId,
      userSourceId,
      state,
      reason: 'eligible' as const,
      rank,
      eligibleSince: since,
      updatedAt: since,
    });
    await db.insert(seatAssignments).values([
      row('student-1', 'assigned', 1), // eligible, same rank: unchanged
      row('both-roles', 'assigned', 1), // eligible, now a teacher somewhere: rank changes
      row('student-b', 'releasing', 1), // eligible again while in grace
      row('teacher-b', 'released', 0), // eligible, no live row: comes back
      row('student-past', 'assigned', 1), // on the roster, no current section: grace
      row('student-gone', 'assigned', 1), // gone from the SIS, SCIM User still active: held
      row('student-inactive', 'waitlisted', 1), // SCIM User deprovisioned: release
      row('never-enrolled', 'released', 1), // released and still not eligible: not read
    ]);
    const standings = await changedStandings(db, scope({ roles: ['teacher', 'student'] }));
    expect(Object.fromEntries(standings)).toEqual({
      'both-roles': { kind: 'eligible', rank: 0 },
      'student-b': { kind: 'eligible', rank: 1 },
      'teacher-b': { kind: 'eligible', rank: 0 },
      'student-past': { kind: 'ineligible' },
      'student-gone': { kind: 'held' },
      'student-inactive': { kind: 'deprovisioned' },
    });
  });

  it('writes only those moves, and nothing when reconciled again on the same day', async () => {
    const { db } = database;
    const [pool] = await db.select().from(seatPools);
    const now = new Date(`${TODAY}T12:00:00Z`);
    const first = await reconcilePoolSeats(db, pool!, 100, { tenantId, providerId, runId: RUN, now });
    const moves = first.changes.filter((change) => change.from !== change.to).map((change) => `${change.userId}:${change.from ?? '-'}>${change.to}`);
    expect(moves.sort()).toEqual(
      [
        'student-b:releasing>assigned',
        'student-inactive:waitlisted>released',
        'student-past:assigned>releasing',
        'student-past:releasing>released',
        'teacher-b:released>assigned',
      ].sort(),
    );
    expect(first.held).toBe(5);
    expect(await changedStandings(db, scope({ roles: ['teacher', 'student'] }))).toEqual(new Map([['student-gone', { kind: 'held' }]]));
    const again = await reconcilePoolSeats(db, pool!, 100, { tenantId, providerId, runId: RUN, now });
    expect(again.changes).toEqual([]);
  });
});
