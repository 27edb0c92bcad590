import type { DistrictPlan, SchoolPlan } from './district-plan.js';
import { gradeOfStudent } from './district-plan.js';
import type { SimName, SimRecordMeta, SimUser } from './model.js';
import { FIRST_NAMES, LAST_NAMES, MIDDLE_NAMES, NON_LATIN_FIRST_NAMES, NON_LATIN_LAST_NAMES, STAFF_TITLES, TEACHER_TITLES } from './name-pools.js';
import type { Random } from './prng.js';
import { DISTRICT_GROUP, IdClass } from './record-ids.js';
import { asciiSlug, isoMinute } from './text.js';

/**
 * Builders for the people of one school. Every builder draws from the school's own Random.
 * Records are written as plain literals (no object spread): a million spread-built objects
 * were measurably slower to create and to read back when the store sorts them.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Created within 30 days of the base; a quarter were edited up to 40 days later. */
export function stampOf(plan: DistrictPlan, random: Random, id: string): SimRecordMeta {
  const created = plan.baseTime + random.int(0, 30 * 24 * 60) * MINUTE_MS;
  const modified = random.chance(0.25) ? created + random.int(1, 40) * DAY_MS : created;
  return { id, created: isoMinute(created), lastModified: isoMinute(modified), status: 'active' };
}

export function randomName(random: Random): SimName {
  const nonLatin = random.chance(0.03);
  const first = random.pick(nonLatin ? NON_LATIN_FIRST_NAMES : FIRST_NAMES);
  const last = random.pick(nonLatin ? NON_LATIN_LAST_NAMES : LAST_NAMES);
  return random.chance(0.3) ? { first, middle: random.pick(MIDDLE_NAMES), last } : { first, last };
}

/** `jobrien.1000003`: initial + last name + a unique number; non-Latin names fall back to a word. */
function loginName(name: SimName, uniqueNumber: string, fallback: string): string {
  const base = `${asciiSlug(name.first).slice(0, 1)}${asciiSlug(name.last)}`;
  return `${base || fallback}.${uniqueNumber.toLowerCase()}`;
}

const pad4 = (n: number): string => String(n).padStart(4, '0');

export interface SchoolContext {
  plan: DistrictPlan;
  school: SchoolPlan;
  random: Random;
}

export function studentRecord({ plan, school, random }: SchoolContext, index: number, name: SimName, schoolIds: string[]): SimUser {
  const meta = stampOf(plan, random, plan.ids.idOf(IdClass.student, school.index, index));
  const grade = gradeOfStudent(school, index);
  const gradeNumber = grade === 'KG' ? 0 : Number(grade);
  // Born between Sep 1st and Aug 31st so the child is 5 + grade at the start of the school year.
  const birth = new Date(Date.UTC(plan.schoolYear - 6 - gradeNumber, 8, 1) + random.int(0, 364) * DAY_MS);
  const dob = `${String(birth.getUTCMonth() + 1).padStart(2, '0')}/${String(birth.getUTCDate()).padStart(2, '0')}/${birth.getUTCFullYear()}`;
  const studentNumber = String(100_000 + school.firstStudentOrdinal + index);
  const genderRoll = random.next();
  const gender = genderRoll < 0.48 ? 'M' : genderRoll < 0.96 ? 'F' : genderRoll < 0.99 ? 'X' : '';
  const login = loginName(name, studentNumber, 'student');
  const student: NonNullable<SimUser['student']> = {
    studentNumber,
    stateId: String(7_000_000_000 + school.firstStudentOrdinal + index),
    grade,
    dob,
    gender,
    graduationYear: String(plan.schoolYear + 13 - gradeNumber),
  };
  const record: SimUser = { id: meta.id, created: meta.created, lastModified: meta.lastModified, status: meta.status, name, roles: ['student'], schoolIds };
  // Young children (KG–02) log in with badges: no district email, a numeric username.
  if (gradeNumber <= 2) {
    record.username = studentNumber;
  } else {
    record.email = `${login}@${plan.info.emailDomain}`;
    record.username = login;
  }
  record.student = student;
  return record;
}

export function teacherRecord({ plan, school, random }: SchoolContext, index: number): SimUser {
  const meta = stampOf(plan, random, plan.ids.idOf(IdClass.teacher, school.index, index));
  const name = randomName(random);
  const teacherNumber = `${school.schoolNumber}${pad4(index)}`;
  const login = loginName(name, teacherNumber, 'teacher');
  return {
    id: meta.id,
    created: meta.created,
    lastModified: meta.lastModified,
    status: meta.status,
    name,
    roles: ['teacher'],
    schoolIds: [school.id],
    email: `${login}@${plan.info.emailDomain}`,
    username: login,
    teacher: { teacherNumber, title: random.pick(TEACHER_TITLES) },
  };
}

export function staffRecord({ plan, school, random }: SchoolContext, index: number): SimUser {
  const meta = stampOf(plan, random, plan.ids.idOf(IdClass.staff, school.index, index));
  const name = randomName(random);
  const staffId = `E${school.schoolNumber}${pad4(index)}`;
  const login = loginName(name, staffId, 'staff');
  const role = STAFF_TITLES[index % STAFF_TITLES.length] as (typeof STAFF_TITLES)[number];
  return {
    id: meta.id,
    created: meta.created,
    lastModified: meta.lastModified,
    status: meta.status,
    name,
    roles: ['staff'],
    schoolIds: [school.id],
    email: `${login}@${plan.info.emailDomain}`,
    username: login,
    staff: { staffId, title: role.title, department: role.department },
  };
}

const RELATIONSHIPS = ['Parent', 'Parent', 'Parent', 'Parent', 'Parent', 'Parent', 'Grandparent', 'Aunt/Uncle', 'Sibling', 'Other'] as const;

/** A family contact; parents have personal mailboxes, not district ones. */
export function contactRecord({ plan, school, random }: SchoolContext, index: number, students: readonly SimUser[]): SimUser {
  const meta = stampOf(plan, random, plan.ids.idOf(IdClass.contact, school.index, index));
  const first = random.chance(0.03) ? random.pick(NON_LATIN_FIRST_NAMES) : random.pick(FIRST_NAMES);
  const name: SimName = { first, last: students[0]?.name.last ?? random.pick(LAST_NAMES) };
  const slug = `${asciiSlug(name.first)}.${asciiSlug(name.last)}`.replace(/^\.|\.$/g, '');
  return {
    id: meta.id,
    created: meta.created,
    lastModified: meta.lastModified,
    status: meta.status,
    name,
    roles: ['contact'],
    schoolIds: [],
    email: `${slug || 'family'}${school.schoolNumber}${index}@family.example`,
    contact: {
      studentIds: students.map((student) => student.id),
      relationship: random.pick(RELATIONSHIPS),
      phone: `(555) ${random.digits(3)}-${random.digits(4)}`,
    },
  };
}

const DISTRICT_ADMIN_COUNT = 2;

/**
 * District-office administrators who teach nowhere: no schools, and no username or staff
 * record — Clever's DistrictAdmin carries neither credentials nor a staff id, so the
 * cross-provider contract (model.ts) gives a district-admin-only person none and both
 * simulators render none. (Their email keeps the `D0000`-style login it always had.)
 */
export function districtAdminRecords(plan: DistrictPlan, random: Random): SimUser[] {
  return Array.from({ length: DISTRICT_ADMIN_COUNT }, (_, index) => {
    const meta = stampOf(plan, random, plan.ids.idOf(IdClass.districtAdmin, DISTRICT_GROUP, index));
    const name = randomName(random);
    const login = loginName(name, `D${pad4(index)}`, 'admin');
    return {
      id: meta.id,
      created: meta.created,
      lastModified: meta.lastModified,
      status: meta.status,
      name,
      roles: ['district_admin'],
      schoolIds: [],
      email: `${login}@${plan.info.emailDomain}`,
    };
  });
}
