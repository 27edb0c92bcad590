import { courseRecordOf, planDistrict, schoolRecordOf, type GenerateDistrictOptions } from './district-plan.js';
import type { SimDistrict, SimDistrictInfo, SimKind, SimRecordByKind } from './model.js';
import { districtAdminRecords } from './people.js';
import { Random, streamSeed } from './prng.js';
import { buildSchoolPeople } from './school-people.js';
import { buildSchoolTimetable } from './school-sections.js';

export type { GenerateDistrictOptions } from './district-plan.js';
export { MIN_STUDENTS } from './district-plan.js';

/**
 * Synthetic districts, deterministic from `{ seed, students }`: same options, same bytes.
 *
 * Realism traps planted at every size (students >= 50), because real rosters have them and
 * the bridge must survive them:
 * 1. Names with apostrophes (José O'Brien), hyphens (Zoë Smith-Jones), accents (José, Zoë) and
 *    non-Latin scripts (Олена Коваленко, محمد الفارسي, 明 李): the first school's first students.
 *    The name pools add more at random.
 * 2. Young students (KG–02) have no email (badge login: numeric username).
 * 3. Two staff share one email: the first school's first two staff use `frontoffice<n>@`.
 * 4. A teacher who is also a district admin: the first school's first teacher has roles
 *    ['teacher', 'district_admin'] and teaches a homeroom.
 * 5. A section with no students: "Independent Study" at the first high school.
 * 6. A student in two schools: the first grade-08 student of the first middle school has
 *    schoolIds [middle, high] and also takes the high school's first Algebra I section.
 * Also present by construction: ~10% co-taught sections, contacts (one per two students)
 * linked by `contact.studentIds`, two district admins without schools (nor username or staff
 * id: Clever could not carry them), a past and a current term (the school year, July–June,
 * containing `today`).
 */

export type SimStreamItem = { [K in SimKind]: { kind: K; record: SimRecordByKind[K] } }[SimKind];

function districtInfoOf(options: GenerateDistrictOptions): SimDistrictInfo {
  return planDistrict(options).info;
}

/**
 * Streams the district in kind order (schools, terms, courses, users, sections) holding one
 * school at a time. Each school's timetable is built twice — once to size its teaching staff
 * in the users pass, once to emit its sections — trading a little CPU for memory that does
 * not grow with the district.
 */
export function* streamDistrict(options: GenerateDistrictOptions): Generator<SimStreamItem> {
  const plan = planDistrict(options);
  for (const school of plan.schools) yield { kind: 'schools', record: schoolRecordOf(plan, school) };
  for (const term of plan.terms) yield { kind: 'terms', record: term };
  for (const course of plan.courses) yield { kind: 'courses', record: courseRecordOf(plan, course) };
  for (const admin of districtAdminRecords(plan, new Random(streamSeed(plan.seed, 3)))) yield { kind: 'users', record: admin };
  for (const school of plan.schools) {
    const { teacherCount } = buildSchoolTimetable(plan, school);
    for (const user of buildSchoolPeople(plan, school, teacherCount)) yield { kind: 'users', record: user };
  }
  for (const school of plan.schools) {
    for (const section of buildSchoolTimetable(plan, school).sections) yield { kind: 'sections', record: section };
  }
}

/** The whole district in memory, by consuming the stream (fine up to a few hundred thousand users). */
export function generateDistrict(options: GenerateDistrictOptions): SimDistrict {
  const district: SimDistrict = { district: districtInfoOf(options), schools: [], terms: [], courses: [], users: [], sections: [] };
  for (const item of streamDistrict(options)) {
    // The kind tag and the record type travel together in SimStreamItem; TS cannot correlate them here.
    (district[item.kind] as SimRecordByKind[SimKind][]).push(item.record);
  }
  return district;
}
