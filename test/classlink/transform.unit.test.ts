import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { enrollmentKey, type RosterSection, type RosterUser } from '../../src/domain/roster.js';
import { oneRosterMirrorKey } from '../../src/providers/classlink/mirror-key.js';
import { resolveClass, resolveUser, rosterContextFrom } from '../../src/providers/classlink/roster-context.js';
import { transformOneRoster, transformOneRosterDelta } from '../../src/providers/classlink/transform.js';
import { IDS } from './fixtures/small-district.js';

/** Recorded 1.1 responses (test/classlink/fixtures/*.json), edited to add the awkward cases. */
function recorded(name: string, plural: string): unknown[] {
  const body = JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as Record<string, unknown[]>;
  return body[plural] ?? [];
}

const orgs = recorded('orgs', 'orgs');
const enrollments = recorded('enrollments', 'enrollments');
const context = rosterContextFrom(orgs, enrollments);
const users = transformOneRoster(
  'users',
  recorded('users', 'users').map((u) => resolveUser(u, context)),
);
const userById = (id: string) => users.users?.find((u) => u.sourceId === id) as RosterUser;

describe('OneRoster users → canonical', () => {
  it('keeps apostrophes, hyphens, accents and non-Latin names as sent', () => {
    expect(userById(IDS.ana)).toMatchObject({ givenName: 'Ana-María', familyName: "O'Brien" });
    expect(userById(IDS.chloe)).toMatchObject({ givenName: 'Chloë', familyName: 'Zoë' });
    expect(userById('e00000000000000000000004')).toMatchObject({ givenName: '明', familyName: '李', grade: '03' });
    expect(userById('e00000000000000000000005').familyName).toBe('Коваленко');
  });

  it('maps a young student without email and with null optional fields to absent fields', () => {
    const bo = userById(IDS.bo);
    expect(bo).toEqual({
      sourceId: IDS.bo,
      roles: ['student'],
      primaryRole: 'student',
      givenName: 'Bo',
      familyName: 'Li',
      username: 'bo.li',
      sisId: 'S-002',
      schoolIds: [IDS.elementary],
      grade: 'KG',
    });
    const olena = userById('e00000000000000000000005');
    expect(olena).not.toHaveProperty('email');
    expect(olena).not.toHaveProperty('middleName');
    expect(olena).not.toHaveProperty('grade');
    expect(olena).not.toHaveProperty('username');
  });

  it('lets two staff share one email (administrator with school orgs, and an aide)', () => {
    expect(userById(IDS.staffSam)).toMatchObject({ roles: ['staff'], primaryRole: 'staff', email: 'office@springfield.k12.example' });
    expect(userById('f00000000000000000000005')).toMatchObject({ roles: ['staff'], email: 'office@springfield.k12.example' });
  });

  it('gives a teaching district administrator both roles and only school orgs as schools', () => {
    expect(userById(IDS.adminTeacher)).toMatchObject({ roles: ['teacher', 'administrator'], primaryRole: 'administrator', schoolIds: [IDS.high] });
  });

  it('orders a two-school student primary school first', () => {
    expect(userById(IDS.ana).schoolIds).toEqual([IDS.high, IDS.elementary]);
  });

  it('skips contacts, drops tombstones, and reports a nameless user as a record error', () => {
    expect(userById(IDS.parentPat)).toBeUndefined();
    expect(userById('e00000000000000000000007')).toBeUndefined();
    expect(users.errors).toEqual([{ kind: 'users', sourceId: 'e00000000000000000000006', field: 'givenName', message: 'givenName is required' }]);
  });

  it('lists tombstones as deletes in delta mode', () => {
    const delta = transformOneRosterDelta(
      'users',
      recorded('users', 'users').map((u) => resolveUser(u, context)),
    );
    expect(delta.deleted).toEqual(['e00000000000000000000007']);
  });

  it('turns an unusable payload into a record error, never a thrown page', () => {
    const batch = transformOneRoster('users', [resolveUser({ sourcedId: 'x1', role: 'student', orgs: 'not-a-list' }, context), resolveUser(42, context)]);
    expect(batch.users).toEqual([]);
    expect(batch.errors.map((e) => [e.sourceId, e.field])).toEqual([
      ['x1', 'orgs'],
      ['', undefined],
    ]);
  });
});

describe('OneRoster orgs, sessions, courses, classes, enrollments → canonical', () => {
  it('keeps school orgs and drops the district org', () => {
    expect(transformOneRoster('schools', orgs)).toEqual({
      schools: [
        { sourceId: IDS.elementary, name: 'Springfield Elementary', schoolNumber: '101' },
        { sourceId: IDS.high, name: 'Springfield High', schoolNumber: '301' },
      ],
      errors: [],
    });
  });

  it('maps terms and courses', () => {
    expect(transformOneRoster('terms', recorded('academicSessions', 'academicSessions')).terms).toEqual([
      { sourceId: IDS.fall, name: 'Fall 2025', startDate: '2025-08-15', endDate: '2025-12-19' },
    ]);
    expect(transformOneRoster('courses', recorded('courses', 'courses')).courses).toEqual([
      // `subjects` is not carried on courses: the canonical course has no subject (Clever has none).
      { sourceId: IDS.math, name: 'Algebra I', number: 'MATH-101' },
      { sourceId: IDS.art, name: 'Art', number: 'ART-1' },
    ]);
  });

  it('builds sections with primary teacher first, including a section with no students', () => {
    const batch = transformOneRosterDelta(
      'sections',
      recorded('classes', 'classes').map((c) => resolveClass(c, context)),
    );
    const sections = batch.batch.sections as RosterSection[];
    expect(sections.find((s) => s.sourceId === IDS.mathSection)).toEqual({
      sourceId: IDS.mathSection,
      name: 'Algebra I - P1',
      schoolId: IDS.high,
      courseId: IDS.math,
      termId: IDS.fall,
      period: '1',
      subject: 'math',
      grade: '09',
      teacherIds: [IDS.teacherKim, IDS.adminTeacher],
    });
    // Art has no students, and its optional period/subject/grade arrived null, missing or empty.
    expect(sections.find((s) => s.sourceId === IDS.artSection)).toEqual({
      sourceId: IDS.artSection,
      name: 'Art - P2',
      schoolId: IDS.high,
      courseId: IDS.art,
      termId: IDS.fall,
      teacherIds: [IDS.teacherLee],
    });
    expect(batch.deleted).toEqual(['500000000000000000000009']);
  });

  it('maps enrollments with primary as a boolean and reports tombstones by enrollment key', () => {
    const delta = transformOneRosterDelta('enrollments', enrollments);
    expect(delta.batch.enrollments).toContainEqual({ sectionId: IDS.mathSection, userId: IDS.teacherKim, role: 'teacher', primary: true });
    expect(delta.batch.enrollments).toContainEqual({ sectionId: IDS.mathSection, userId: IDS.adminTeacher, role: 'teacher', primary: false });
    expect(delta.batch.enrollments).toContainEqual({ sectionId: IDS.mathSection, userId: IDS.ana, role: 'student', primary: false });
    expect(delta.batch.enrollments).toHaveLength(5);
    expect(delta.deleted).toEqual([`${IDS.mathSection}:e00000000000000000000007`]);
  });

  it('reads the mirror key of an enrollment from its payload, as the transform keys its record', () => {
    const keyOf = (payload: unknown) => oneRosterMirrorKey('enrollments', { sourceId: 'enrollment-id', payload });
    const transformedKeys = [...(transformOneRosterDelta('enrollments', enrollments).batch.enrollments ?? []).map(enrollmentKey)];
    const readKeys = enrollments.map(keyOf);
    expect(transformedKeys.length).toBeGreaterThan(0);
    for (const key of transformedKeys) expect(readKeys).toContain(key);
    expect(keyOf({ sourcedId: 'e1', user: { sourcedId: 'u1' } })).toBeUndefined();
    expect(keyOf({ sourcedId: 'e1', class: { sourcedId: '' }, user: { sourcedId: 'u1' } })).toBeUndefined();
    expect(oneRosterMirrorKey('users', { sourceId: 'u1', payload: {} })).toBe('u1');
  });
});
