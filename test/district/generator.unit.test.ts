import { describe, expect, it } from 'vitest';
import { generateDistrict, MIN_STUDENTS, streamDistrict } from '../../sim/district/generator.js';
import type { SimDistrict, SimKind, SimRecordByKind, SimSection, SimUser } from '../../sim/district/model.js';

const TODAY = new Date('2026-11-24T12:00:00Z');
const CEDS = new Set(['KG', '01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12']);

function sectionsOf(district: SimDistrict): Map<string, SimSection[]> {
  const byUser = new Map<string, SimSection[]>();
  for (const section of district.sections) {
    for (const id of [...section.teacherIds, ...section.studentIds]) byUser.set(id, [...(byUser.get(id) ?? []), section]);
  }
  return byUser;
}

/** The planted realism traps (generator.ts lists them); each entry is the evidence found. */
function traps(district: SimDistrict) {
  const users = district.users;
  const schoolOf = new Map(district.schools.map((school) => [school.id, school]));
  const byUser = sectionsOf(district);
  const names = users.map((user) => `${user.name.first} ${user.name.last}`);
  const staffEmails = users.filter((user) => user.roles.includes('staff') && user.email).map((user) => user.email as string);
  return {
    apostrophe: names.filter((name) => name.includes("'")),
    hyphen: names.filter((name) => /\p{L}-\p{L}/u.test(name)),
    accent: names.filter((name) => /[\u00C0-\u024F]/.test(name)),
    nonLatin: names.filter((name) => /[\u0400-\u04FF\u0600-\u06FF\u4E00-\u9FFF]/.test(name)),
    youngWithoutEmail: users.filter((user) => ['KG', '01', '02'].includes(user.student?.grade ?? '') && user.email === undefined),
    youngWithEmail: users.filter((user) => ['KG', '01', '02'].includes(user.student?.grade ?? '') && user.email !== undefined),
    sharedStaffEmails: staffEmails.filter((email, index) => staffEmails.indexOf(email) !== index),
    teachingDistrictAdmins: users.filter(
      (user) =>
        user.roles.includes('teacher') && user.roles.includes('district_admin') && district.sections.some((section) => section.teacherIds.includes(user.id)),
    ),
    emptySections: district.sections.filter((section) => section.studentIds.length === 0 && section.teacherIds.length > 0),
    twoSchoolStudents: users.filter(
      (user) =>
        user.roles.includes('student') &&
        user.schoolIds.length === 2 &&
        user.schoolIds.every((schoolId) => (byUser.get(user.id) ?? []).some((section) => section.schoolId === schoolId)) &&
        user.schoolIds.every((schoolId) => schoolOf.has(schoolId)),
    ),
  };
}

function collectStream(options: Parameters<typeof streamDistrict>[0]): { kinds: SimKind[]; records: { [K in SimKind]: SimRecordByKind[K][] } } {
  const kinds: SimKind[] = [];
  const records = { schools: [], terms: [], courses: [], users: [], sections: [] } as { [K in SimKind]: SimRecordByKind[K][] };
  for (const item of streamDistrict(options)) {
    if (kinds.at(-1) !== item.kind) kinds.push(item.kind);
    (records[item.kind] as unknown[]).push(item.record);
  }
  return { kinds, records };
}

describe('district generator', () => {
  it('is deterministic: same seed, same district; streamed equals materialised; another seed differs', () => {
    const options = { seed: 42, students: 600, today: TODAY };
    const first = generateDistrict(options);
    expect(JSON.stringify(generateDistrict(options))).toBe(JSON.stringify(first));
    const streamed = collectStream(options);
    expect(streamed.kinds).toEqual(['schools', 'terms', 'courses', 'users', 'sections']);
    expect(JSON.stringify(streamed.records)).toBe(
      JSON.stringify({ schools: first.schools, terms: first.terms, courses: first.courses, users: first.users, sections: first.sections }),
    );
    const other = generateDistrict({ ...options, seed: 43 });
    expect(other.users[0]?.id).not.toBe(first.users[0]?.id);
    expect(other.users.map((user) => user.name.first)).not.toEqual(first.users.map((user) => user.name.first));
  });

  it('rejects districts too small to hold every trap', () => {
    expect(() => generateDistrict({ seed: 1, students: MIN_STUDENTS - 1 })).toThrow(/students must be an integer >= 50/);
  });

  for (const students of [50, 2000]) {
    it(`plants every realism trap at ${students} students`, () => {
      const found = traps(generateDistrict({ seed: 7, students, today: TODAY }));
      expect(found.apostrophe.length).toBeGreaterThan(0);
      expect(found.hyphen.length).toBeGreaterThan(0);
      expect(found.accent).toEqual(expect.arrayContaining(["José O'Brien", 'Zoë Smith-Jones']));
      expect(found.nonLatin).toEqual(expect.arrayContaining(['Олена Коваленко', 'محمد الفارسي', '明 李']));
      expect(found.youngWithoutEmail.length).toBeGreaterThan(0);
      expect(found.youngWithEmail).toEqual([]);
      expect(found.sharedStaffEmails.length).toBeGreaterThan(0);
      expect(found.teachingDistrictAdmins).toHaveLength(1);
      expect(found.teachingDistrictAdmins[0]?.roles).toEqual(['teacher', 'district_admin']);
      expect(found.emptySections.length).toBeGreaterThan(0);
      expect(found.twoSchoolStudents).toHaveLength(1);
    });
  }

  it('builds a plausible, internally consistent district', () => {
    const students = 2000;
    const district = generateDistrict({ seed: 11, students, today: TODAY });
    const all = [district.district, ...district.schools, ...district.terms, ...district.courses, ...district.users, ...district.sections];
    expect(all.every((record) => /^[0-9a-f]{24}$/.test(record.id))).toBe(true);
    expect(new Set(all.map((record) => record.id)).size).toBe(all.length);

    const levels = district.schools.map((school) => school.level);
    expect(new Set(levels)).toEqual(new Set(['elementary', 'middle', 'high']));
    expect(district.schools.length).toBeGreaterThanOrEqual(3);
    expect(district.terms.filter((term) => term.startDate <= '2026-11-24' && '2026-11-24' <= term.endDate)).toHaveLength(1);
    expect(district.terms).toHaveLength(2);

    const ids = new Set(district.users.map((user) => user.id));
    const schoolIds = new Set(district.schools.map((school) => school.id));
    for (const section of district.sections) {
      expect(schoolIds.has(section.schoolId)).toBe(true);
      expect([...section.teacherIds, ...section.studentIds].every((id) => ids.has(id))).toBe(true);
      expect(section.teacherIds.length).toBeGreaterThanOrEqual(1);
      expect(section.studentIds.length).toBeLessThanOrEqual(31);
    }
    const coTaught = district.sections.filter((section) => section.teacherIds.length === 2).length / district.sections.length;
    expect(coTaught).toBeGreaterThan(0.04);
    expect(coTaught).toBeLessThan(0.2);

    const byUser = sectionsOf(district);
    const levelOf = new Map(district.schools.map((school) => [school.id, school.level]));
    const pupils = district.users.filter((user) => user.roles.includes('student'));
    expect(pupils).toHaveLength(students);
    for (const pupil of pupils) {
      expect(CEDS.has(pupil.student?.grade ?? '')).toBe(true);
      const count = (byUser.get(pupil.id) ?? []).length - (pupil.schoolIds.length - 1);
      const [min, max] = levelOf.get(pupil.schoolIds[0] as string) === 'elementary' ? [1, 3] : [6, 8];
      expect(count).toBeGreaterThanOrEqual(min);
      expect(count).toBeLessThanOrEqual(max);
    }
    const teachers = district.users.filter((user) => user.roles.includes('teacher')).length;
    expect(teachers).toBeGreaterThan(students / 30);
    expect(teachers).toBeLessThan(students / 12);
    const contacts = district.users.filter((user: SimUser) => user.roles.includes('contact'));
    expect(contacts.length).toBeGreaterThanOrEqual(students / 2);
    expect(contacts.every((contact) => (contact.contact?.studentIds.length ?? 0) >= 1 && contact.contact?.studentIds.every((id) => ids.has(id)))).toBe(true);
    const districtAdmins = district.users.filter((user) => user.roles.length === 1 && user.roles[0] === 'district_admin' && user.schoolIds.length === 0);
    expect(districtAdmins).toHaveLength(2);
    // No username and no staff id: Clever's DistrictAdmin could not carry them (model.ts contract).
    expect(districtAdmins.every((user) => user.username === undefined && user.staff === undefined)).toBe(true);
    const districtEmails = district.users.filter((user) => !user.roles.includes('contact') && user.email);
    expect(districtEmails.every((user) => user.email?.endsWith(`@${district.district.emailDomain}`))).toBe(true);
  });
});
