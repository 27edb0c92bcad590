import { describe, expect, it } from 'vitest';
import { enrollmentKey, ROSTER_ROLES } from '../../src/domain/roster.js';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { hexId, ids, tinyDistrict } from './tiny-district.js';

function hasUndefinedValue(value: unknown): boolean {
  if (value === undefined) return true;
  if (Array.isArray(value)) return value.some(hasUndefinedValue);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(hasUndefinedValue);
  return false;
}

const isSorted = (keys: string[]): boolean => keys.every((key, index) => index === 0 || (keys[index - 1] as string) < key);

describe('expectedRoster', () => {
  it('maps a hand-written district to exact canonical records', () => {
    const roster = expectedRoster(createDistrictStore(tinyDistrict()));
    expect(roster.schools).toEqual([
      { sourceId: ids.school, name: 'Tiny Elementary', schoolNumber: '101' },
      { sourceId: ids.otherSchool, name: 'Other Elementary', schoolNumber: '102' },
    ]);
    expect(roster.terms).toEqual([{ sourceId: ids.term, name: 'Fall', startDate: '2025-08-15', endDate: '2026-06-10' }]);
    // The district's course subject is not canonical (Clever's Course has none); sections keep theirs.
    expect(roster.courses).toEqual([{ sourceId: ids.course, name: 'Math 3', number: 'M3' }]);
    expect(roster.users.map((user) => user.sourceId)).toEqual([ids.teacher, ids.coTeacher, ids.student1, ids.student2, ids.student3]);
    expect(roster.users[0]).toEqual({
      sourceId: ids.teacher,
      roles: ['teacher'],
      primaryRole: 'teacher',
      givenName: 'Tess',
      familyName: "O'Brien",
      email: 'tess@tiny.k12.example',
      sisId: 'T1',
      schoolIds: [ids.school],
    });
    expect(roster.users[2]).toEqual({
      sourceId: ids.student1,
      roles: ['student'],
      primaryRole: 'student',
      givenName: 'Ana',
      familyName: 'Student',
      sisId: ids.student1.slice(-4),
      schoolIds: [ids.school],
      grade: '03',
    });
    const math3 = { name: 'Math 3', schoolId: ids.school, courseId: ids.course, termId: ids.term, period: '1', subject: 'math', grade: '03' };
    expect(roster.sections).toEqual([
      { sourceId: ids.section, ...math3, teacherIds: [ids.teacher] },
      { sourceId: ids.emptySection, ...math3, teacherIds: [ids.coTeacher] },
    ]);
    expect(roster.enrollments).toEqual([
      { sectionId: ids.section, userId: ids.teacher, role: 'teacher', primary: true },
      { sectionId: ids.section, userId: ids.student1, role: 'student', primary: false },
      { sectionId: ids.section, userId: ids.student2, role: 'student', primary: false },
      { sectionId: ids.emptySection, userId: ids.coTeacher, role: 'teacher', primary: true },
    ]);
  });

  it('follows store mutations: deleted users and their enrollments disappear, additional schools sort after the primary', () => {
    const store = createDistrictStore(tinyDistrict(), { now: () => new Date('2026-02-01T00:00:00Z') });
    store.mutate({ op: 'delete', kind: 'users', id: ids.student1 });
    store.mutate({ op: 'update', kind: 'users', id: ids.student2, patch: { schoolIds: [ids.otherSchool, ids.school], name: { middle: 'Lee' } } });
    const roster = expectedRoster(store);
    expect(roster.users.some((user) => user.sourceId === ids.student1)).toBe(false);
    expect(roster.enrollments.some((enrollment) => enrollment.userId === ids.student1)).toBe(false);
    expect(roster.users.find((user) => user.sourceId === ids.student2)).toMatchObject({ schoolIds: [ids.otherSchool, ids.school], middleName: 'Lee' });
    // A primary school with a larger id keeps first place; the others are ascending.
    store.mutate({
      op: 'create',
      kind: 'schools',
      record: { id: hexId('a', 0), name: 'Zero', schoolNumber: '', level: 'high', lowGrade: '09', highGrade: '12' },
    });
    store.mutate({ op: 'update', kind: 'users', id: ids.student2, patch: { schoolIds: [ids.otherSchool, ids.school, hexId('a', 0)] } });
    const after = expectedRoster(store);
    expect(after.users.find((user) => user.sourceId === ids.student2)?.schoolIds).toEqual([ids.otherSchool, hexId('a', 0), ids.school]);
    expect(after.schools.find((school) => school.sourceId === hexId('a', 0))).toEqual({ sourceId: hexId('a', 0), name: 'Zero' });
  });

  it('gives a district-admin-only person no username or sisId even when the district holds them', () => {
    const store = createDistrictStore(tinyDistrict(), { now: () => new Date('2026-02-01T00:00:00Z') });
    const adminId = hexId('d', 9);
    store.mutate({
      op: 'create',
      kind: 'users',
      record: {
        id: adminId,
        name: { first: 'Dana', last: 'Boss' },
        roles: ['district_admin'],
        schoolIds: [],
        email: 'dana@tiny.k12.example',
        username: 'dboss',
        staff: { staffId: 'D1', title: 'Superintendent', department: 'District Office' },
      },
    });
    expect(expectedRoster(store).users.find((user) => user.sourceId === adminId)).toEqual({
      sourceId: adminId,
      roles: ['administrator'],
      primaryRole: 'administrator',
      givenName: 'Dana',
      familyName: 'Boss',
      email: 'dana@tiny.k12.example',
      schoolIds: [],
    });
    // Once the same person also teaches, the teacher's identifiers are canonical again.
    store.mutate({ op: 'update', kind: 'users', id: adminId, patch: { roles: ['teacher', 'district_admin'], teacher: { teacherNumber: 'T9', title: 'Dr.' } } });
    expect(expectedRoster(store).users.find((user) => user.sourceId === adminId)).toMatchObject({
      roles: ['teacher', 'administrator'],
      username: 'dboss',
      sisId: 'T9',
    });
  });

  it('keeps the contract on a generated district: contacts excluded, roles mapped, sorted, no undefined keys', () => {
    const district = generateDistrict({ seed: 5, students: 400, today: new Date('2026-11-24T00:00:00Z') });
    const roster = expectedRoster(createDistrictStore(district));
    expect(hasUndefinedValue(roster)).toBe(false);
    expect(roster.users).toHaveLength(district.users.filter((user) => !user.roles.includes('contact')).length);
    for (const kind of ['schools', 'terms', 'courses', 'users', 'sections'] as const) {
      expect(isSorted(roster[kind].map((record) => record.sourceId))).toBe(true);
    }
    expect(isSorted(roster.enrollments.map(enrollmentKey))).toBe(true);
    expect(roster.enrollments).toHaveLength(district.sections.reduce((sum, section) => sum + section.teacherIds.length + section.studentIds.length, 0));
    expect(roster.enrollments.filter((enrollment) => enrollment.primary)).toHaveLength(district.sections.length);

    const teacherAdmin = roster.users.filter((user) => user.roles.includes('administrator') && user.roles.includes('teacher'));
    expect(teacherAdmin).toHaveLength(1);
    expect(teacherAdmin[0]).toMatchObject({ roles: ['teacher', 'administrator'], primaryRole: 'administrator' });
    // The teaching admin keeps the teacher's username and teacher number (both providers carry them)...
    expect(teacherAdmin[0]?.username).toEqual(expect.any(String));
    expect(teacherAdmin[0]?.sisId).toEqual(expect.any(String));
    // ...a district-admin-only person has neither (Clever's DistrictAdmin cannot carry them).
    const adminsOnly = roster.users.filter((user) => user.primaryRole === 'administrator' && user.schoolIds.length === 0);
    expect(adminsOnly).toHaveLength(2);
    for (const admin of adminsOnly) {
      expect(admin.roles).toEqual(['administrator']);
      expect(admin).not.toHaveProperty('username');
      expect(admin).not.toHaveProperty('sisId');
    }
    for (const user of roster.users) {
      expect(user.roles).toEqual(ROSTER_ROLES.filter((role) => user.roles.includes(role)));
      const [, ...rest] = user.schoolIds;
      expect(isSorted(rest)).toBe(true);
    }
    expect(roster.users.filter((user) => user.schoolIds.length === 2)).toHaveLength(1);
    const kindergarten = roster.users.filter((user) => user.grade === 'KG');
    expect(kindergarten.length).toBeGreaterThan(0);
    expect(kindergarten.every((user) => !('email' in user))).toBe(true);
  });
});
