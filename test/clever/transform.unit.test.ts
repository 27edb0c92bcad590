import { describe, expect, it } from 'vitest';
import type { RosterUser } from '../../src/domain/roster.js';
import { transformCleverEvent } from '../../src/providers/clever/event-transform.js';
import { cedsGradeOf } from '../../src/providers/clever/grades.js';
import { transformCleverPage } from '../../src/providers/clever/transform.js';
import { ids } from './fixtures/small-district.js';
import { edgePayloads, recordedPayloads } from './fixtures/load.js';

describe('Clever transform: recorded payloads', () => {
  const users = transformCleverPage('users', recordedPayloads('users'));
  const userById = (id: string): RosterUser | undefined => users.users?.find((user) => user.sourceId === id);

  it('transforms schools, terms and courses exactly', () => {
    expect(transformCleverPage('schools', recordedPayloads('schools'))).toStrictEqual({
      schools: [
        { sourceId: ids.elementary, name: 'Evergreen Elementary', schoolNumber: '101' },
        { sourceId: ids.high, name: 'Springfield High', schoolNumber: '301' },
      ],
      errors: [],
    });
    expect(transformCleverPage('terms', recordedPayloads('terms'))).toStrictEqual({
      terms: [{ sourceId: ids.fall, name: 'Fall 2026', startDate: '2026-08-24', endDate: '2026-12-18' }],
      errors: [],
    });
    expect(transformCleverPage('courses', recordedPayloads('courses'))).toStrictEqual({
      courses: [
        { sourceId: ids.mathCourse, name: 'Algebra I', number: 'MA101' },
        { sourceId: ids.artCourse, name: 'Studio Art', number: 'AR200' },
      ],
      errors: [],
    });
  });

  it('keeps apostrophes, hyphens, accents and non-Latin names byte for byte', () => {
    expect(userById(ids.kinder)).toMatchObject({ givenName: 'Seán', familyName: "O'Brien-Núñez" });
    expect(userById(ids.dualSchool)).toMatchObject({ givenName: '伟', familyName: '张' });
    expect(userById(ids.senior)).toMatchObject({ givenName: 'Zoë', middleName: 'Anne-Marie', familyName: "D'Angelo" });
    expect(userById(ids.coTeacher)).toMatchObject({ givenName: 'Łukasz', familyName: 'Żółć' });
  });

  it('leaves email out for a young student without one (no undefined keys)', () => {
    expect(userById(ids.kinder)).toStrictEqual({
      sourceId: ids.kinder,
      roles: ['student'],
      primaryRole: 'student',
      givenName: 'Seán',
      familyName: "O'Brien-Núñez",
      schoolIds: [ids.elementary],
      sisId: 'S-001',
      grade: 'KG',
    });
  });

  it('keeps two staff who share one email as two users', () => {
    expect(userById(ids.staffA)?.email).toBe('office@springfield.k12.example');
    expect(userById(ids.staffB)?.email).toBe('office@springfield.k12.example');
    expect(userById(ids.staffB)).toMatchObject({ roles: ['staff'], primaryRole: 'staff', sisId: 'E-2', schoolIds: [ids.elementary] });
  });

  it('maps a teacher who is also a district admin to both roles, administrator first in precedence', () => {
    expect(userById(ids.teacherAdmin)).toMatchObject({
      roles: ['teacher', 'administrator'],
      primaryRole: 'administrator',
      sisId: 'T-100',
      username: 'nokonkwo',
    });
  });

  it('puts a two-school student’s primary school first even when its id sorts later', () => {
    expect(userById(ids.dualSchool)?.schoolIds).toEqual([ids.high, ids.elementary]);
    expect(userById(ids.coTeacher)?.schoolIds).toEqual([ids.high, ids.elementary]);
  });

  it('drops contacts silently: they never become canonical users', () => {
    expect(userById(ids.parent)).toBeUndefined();
    expect(users.errors).toEqual([]);
    expect(users.users).toHaveLength(7);
  });

  it('turns sections into sections and enrollments; a section without students has only its teacher', () => {
    const batch = transformCleverPage('sections', recordedPayloads('sections'));
    expect(batch.errors).toEqual([]);
    expect(batch.sections?.find((section) => section.sourceId === ids.mathSection)).toStrictEqual({
      sourceId: ids.mathSection,
      name: 'Algebra I — Period 2',
      schoolId: ids.high,
      courseId: ids.mathCourse,
      termId: ids.fall,
      period: '2',
      subject: 'math',
      grade: '09',
      teacherIds: [ids.teacherAdmin, ids.coTeacher],
    });
    expect(batch.enrollments?.filter((enrollment) => enrollment.sectionId === ids.emptySection)).toStrictEqual([
      { sectionId: ids.emptySection, userId: ids.coTeacher, role: 'teacher', primary: true },
    ]);
    expect(batch.enrollments?.filter((enrollment) => enrollment.sectionId === ids.mathSection)).toStrictEqual([
      { sectionId: ids.mathSection, userId: ids.teacherAdmin, role: 'teacher', primary: true },
      { sectionId: ids.mathSection, userId: ids.coTeacher, role: 'teacher', primary: false },
      { sectionId: ids.mathSection, userId: ids.dualSchool, role: 'student', primary: false },
      { sectionId: ids.mathSection, userId: ids.senior, role: 'student', primary: false },
    ]);
  });
});

describe('Clever transform: payloads the simulator never sends', () => {
  it('reports users without a usable name per record and transforms the rest', () => {
    const batch = transformCleverPage('users', edgePayloads('users'));
    expect(batch.errors).toStrictEqual([
      { kind: 'users', sourceId: 'e00000000000000000000001', field: 'name.first', message: 'user has no first name' },
      { kind: 'users', sourceId: 'e00000000000000000000002', field: 'name.last', message: 'user has no last name' },
    ]);
    expect(batch.users).toStrictEqual([
      {
        sourceId: 'e00000000000000000000003',
        roles: ['student'],
        primaryRole: 'student',
        givenName: 'Ana-Lucía',
        familyName: 'de la Cruz',
        schoolIds: ['5c0000000000000000000002', '5c0000000000000000000001'],
        grade: 'PK',
      },
      {
        sourceId: 'e00000000000000000000004',
        roles: ['staff', 'administrator'],
        primaryRole: 'administrator',
        givenName: 'Dana',
        familyName: 'Admin',
        schoolIds: [],
        sisId: 'E-77',
      },
    ]);
  });

  it('reports a section without a school; picks the primary teacher from `teacher`, else the first of `teachers`', () => {
    const batch = transformCleverPage('sections', edgePayloads('sections'));
    expect(batch.errors).toStrictEqual([{ kind: 'sections', sourceId: 'e10000000000000000000001', field: 'school', message: 'section has no school' }]);
    expect(batch.sections).toStrictEqual([
      {
        sourceId: 'e10000000000000000000002',
        name: 'Co-taught, no primary flagged',
        schoolId: '5c0000000000000000000001',
        teacherIds: ['b20000000000000000000002', 'b20000000000000000000001'],
      },
      {
        sourceId: 'e10000000000000000000003',
        name: 'Primary teacher only in `teacher`',
        schoolId: '5c0000000000000000000001',
        grade: 'KG',
        teacherIds: ['b20000000000000000000001'],
      },
    ]);
    expect(batch.enrollments).toStrictEqual([
      { sectionId: 'e10000000000000000000002', userId: 'b20000000000000000000002', role: 'teacher', primary: true },
      { sectionId: 'e10000000000000000000002', userId: 'b20000000000000000000001', role: 'teacher', primary: false },
      { sectionId: 'e10000000000000000000002', userId: 'a10000000000000000000001', role: 'student', primary: false },
      { sectionId: 'e10000000000000000000003', userId: 'b20000000000000000000001', role: 'teacher', primary: true },
    ]);
  });

  it('reads date-times as calendar dates and reports nameless terms, courses; empty enums are absent', () => {
    expect(transformCleverPage('terms', edgePayloads('terms'))).toStrictEqual({
      terms: [{ sourceId: 'e20000000000000000000001', name: 'Year', startDate: '2026-07-01' }],
      errors: [{ kind: 'terms', sourceId: 'e20000000000000000000002', field: 'name', message: 'term has no name' }],
    });
    expect(transformCleverPage('courses', edgePayloads('courses')).errors).toHaveLength(1);
    expect(transformCleverPage('schools', edgePayloads('schools'))).toStrictEqual({
      schools: [{ sourceId: 'e30000000000000000000001', name: 'Nameless number' }],
      errors: [],
    });
  });

  it('reports a payload that breaks the definition as a record error naming the field', () => {
    const batch = transformCleverPage('users', [
      { id: 'e0000000000000000000000f', name: { first: 'A', last: 'B' }, roles: { student: { grade: 'K' } } },
      'not an object',
    ]);
    expect(batch.users).toEqual([]);
    expect(batch.errors.map((error) => [error.sourceId, error.field])).toEqual([
      ['e0000000000000000000000f', 'roles.student.grade'],
      ['(missing id)', '(record)'],
    ]);
  });
});

describe('Clever grades → CEDS', () => {
  it.each([
    ['InfantToddler', 'IT'],
    ['Preschool', 'PR'],
    ['PreKindergarten', 'PK'],
    ['TransitionalKindergarten', 'TK'],
    ['Kindergarten', 'KG'],
    ['1', '01'],
    ['9', '09'],
    ['12', '12'],
    ['13', '13'],
    ['PostGraduate', 'PS'],
    ['Ungraded', 'UG'],
    ['Other', 'Other'],
    ['', undefined],
    [null, undefined],
  ])('%s → %s', (clever, ceds) => {
    expect(cedsGradeOf(clever)).toBe(ceds);
  });
});

describe('Clever event transform', () => {
  const section = recordedPayloads('sections')[1];
  it('upserts a section with its full enrollment list; deletes by id; ignores what is not roster data', () => {
    expect(transformCleverEvent({ id: 'e1', type: 'sections.updated', created: '2026-09-01T00:00:00Z', data: { object: section } })).toStrictEqual({
      eventId: 'e1',
      type: 'sections.updated',
      created: '2026-09-01T00:00:00Z',
      kind: 'sections',
      op: 'upsert',
      sourceId: ids.emptySection,
      batch: transformCleverPage('sections', [section]),
    });
    expect(transformCleverEvent({ id: 'e2', type: 'sections.deleted', data: { object: section } })).toMatchObject({
      op: 'delete',
      kind: 'sections',
      sourceId: ids.emptySection,
    });
    expect(transformCleverEvent({ id: 'e3', type: 'districts.updated', data: { object: { id: ids.district } } })).toMatchObject({ op: 'ignore', kind: null });
    expect(transformCleverEvent({ id: 'e4' })).toMatchObject({ op: 'ignore', reason: expect.stringContaining('type') });
    expect(transformCleverEvent({ id: 'e5', type: 'users.created', data: {} })).toMatchObject({
      op: 'ignore',
      batch: { errors: [{ field: 'data.object.id' }] },
    });
  });

  it('reports an unusable record inside an upsert instead of failing', () => {
    const change = transformCleverEvent({ id: 'e6', type: 'users.created', data: { object: edgePayloads('users')[0] } });
    expect(change).toMatchObject({ op: 'upsert', kind: 'users', batch: { users: [], errors: [{ field: 'name.first' }] } });
  });
});
