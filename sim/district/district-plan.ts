import { courseCatalog, ELEMENTARY_GRADES, HIGH_GRADES, MIDDLE_GRADES, type CatalogCourse } from './course-catalog.js';
import type { SchoolLevel, SimDistrictInfo, SimSchool, SimTerm } from './model.js';
import { PLACE_NAMES } from './name-pools.js';
import { Random, streamSeed } from './prng.js';
import { DISTRICT_GROUP, IdClass, RecordIds } from './record-ids.js';
import { asciiSlug } from './text.js';

export interface GenerateDistrictOptions {
  seed: number;
  /** At least 50, so every planted realism trap has somewhere to live. */
  students: number;
  /** Target enrollment per school (default 500); schools per level = students of that level / this. */
  studentsPerSchool?: number;
  /** Picks the school year of the current term (July–June). The only calendar input; default today. */
  today?: Date;
  emailDomain?: string;
  /** Share of sections with a co-teacher (default 0.1). */
  coTeacherRate?: number;
}

export interface SchoolPlan {
  index: number;
  id: string;
  level: SchoolLevel;
  name: string;
  schoolNumber: string;
  grades: readonly string[];
  students: number;
  /** District-wide ordinal of this school's first student: student numbers stay unique. */
  firstStudentOrdinal: number;
}

/** The middle schooler who also takes a math section at a high school (a planted trap). */
interface CrossEnrollment {
  homeSchool: number;
  studentIndex: number;
  hostSchool: number;
}

/**
 * Everything about a district that is cheap and small to know up front: schools and their
 * sizes, terms, courses, clock. School rosters (the bulk) are derived from it one school at a
 * time, which is what keeps streaming a 1M-student district within bounded memory.
 */
export interface DistrictPlan {
  seed: number;
  ids: RecordIds;
  info: SimDistrictInfo;
  schools: SchoolPlan[];
  terms: SimTerm[];
  currentTermId: string;
  courses: (CatalogCourse & { id: string })[];
  /** School year of the current term starts on July 1st of this year. */
  schoolYear: number;
  /** Epoch ms that record timestamps are drawn after; derived from the seed, never the wall clock. */
  baseTime: number;
  coTeacherRate: number;
  crossEnrollment: CrossEnrollment;
}

export const MIN_STUDENTS = 50;
const DAY_MS = 86_400_000;

const LEVELS: readonly { level: SchoolLevel; grades: readonly string[]; suffix: string }[] = [
  { level: 'elementary', grades: ELEMENTARY_GRADES, suffix: 'Elementary School' },
  { level: 'middle', grades: MIDDLE_GRADES, suffix: 'Middle School' },
  { level: 'high', grades: HIGH_GRADES, suffix: 'High School' },
];

export function planDistrict(options: GenerateDistrictOptions): DistrictPlan {
  const { seed, students } = options;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isInteger(students) || students < MIN_STUDENTS) throw new RangeError(`students must be an integer >= ${MIN_STUDENTS}, got ${students}`);
  const perSchool = options.studentsPerSchool ?? 500;
  const random = new Random(streamSeed(seed, 1));
  const ids = new RecordIds(seed);
  const place = random.pick(PLACE_NAMES);
  const info: SimDistrictInfo = {
    id: ids.idOf(IdClass.district, DISTRICT_GROUP, 0),
    name: `${place} Unified School District`,
    emailDomain: options.emailDomain ?? `${asciiSlug(place)}usd.k12.example`,
  };
  const baseTime = Date.UTC(2025, 5, 1) + (Math.abs(seed) % 60) * DAY_MS;
  const today = options.today ?? new Date();
  const schoolYear = today.getUTCMonth() >= 6 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const stamp = { created: new Date(baseTime).toISOString(), lastModified: new Date(baseTime).toISOString(), status: 'active' as const };

  // Students split by the number of grades each level spans (13 grades KG–12).
  const elementary = Math.round((students * 6) / 13);
  const middle = Math.round((students * 3) / 13);
  const levelStudents = [elementary, middle, students - elementary - middle];
  const schools: SchoolPlan[] = [];
  let ordinal = 0;
  LEVELS.forEach(({ level, grades, suffix }, levelIndex) => {
    const total = levelStudents[levelIndex] ?? 0;
    const count = Math.max(1, Math.round(total / perSchool));
    for (let k = 0; k < count; k++) {
      const size = Math.floor(total / count) + (k < total % count ? 1 : 0);
      const index = schools.length;
      const placeName = PLACE_NAMES[(index * 7 + levelIndex) % PLACE_NAMES.length] ?? place;
      const round = Math.floor(index / PLACE_NAMES.length);
      schools.push({
        index,
        id: ids.idOf(IdClass.school, index, 0),
        level,
        name: `${placeName} ${suffix}${round > 0 ? ` ${round + 1}` : ''}`,
        schoolNumber: String(100 + index),
        grades,
        students: size,
        firstStudentOrdinal: ordinal,
      });
      ordinal += size;
    }
  });

  const terms: SimTerm[] = [schoolYear - 1, schoolYear].map((year, index) => ({
    id: ids.idOf(IdClass.term, DISTRICT_GROUP, index),
    ...stamp,
    name: `${year}-${year + 1} School Year`,
    startDate: `${year}-07-01`,
    endDate: `${year + 1}-06-30`,
  }));
  const courses = courseCatalog().map((course) => ({ ...course, id: ids.idOf(IdClass.course, DISTRICT_GROUP, course.index) }));
  const firstOf = (level: SchoolLevel): SchoolPlan => schools.find((school) => school.level === level) as SchoolPlan;
  const home = firstOf('middle');
  const crossEnrollment = { homeSchool: home.index, studentIndex: firstStudentOfGrade(home, '08'), hostSchool: firstOf('high').index };
  return {
    seed,
    ids,
    info,
    schools,
    terms,
    currentTermId: (terms[1] as SimTerm).id,
    courses,
    schoolYear,
    baseTime,
    coTeacherRate: options.coTeacherRate ?? 0.1,
    crossEnrollment,
  };
}

/** Students fill a school's grades in equal consecutive blocks, so a grade is a pure function of the index. */
export function gradeOfStudent(school: SchoolPlan, studentIndex: number): string {
  return school.grades[Math.floor((studentIndex * school.grades.length) / school.students)] as string;
}

function firstStudentOfGrade(school: SchoolPlan, grade: string): number {
  for (let i = 0; i < school.students; i++) if (gradeOfStudent(school, i) === grade) return i;
  throw new Error(`school ${school.name} has no grade ${grade} student`);
}

export function schoolRecordOf(plan: DistrictPlan, school: SchoolPlan): SimSchool {
  const created = new Date(plan.baseTime).toISOString();
  return {
    id: school.id,
    created,
    lastModified: created,
    status: 'active',
    name: school.name,
    schoolNumber: school.schoolNumber,
    level: school.level,
    lowGrade: school.grades[0] as string,
    highGrade: school.grades[school.grades.length - 1] as string,
  };
}

export function courseRecordOf(plan: DistrictPlan, course: DistrictPlan['courses'][number]) {
  const created = new Date(plan.baseTime).toISOString();
  return { id: course.id, created, lastModified: created, status: 'active' as const, name: course.name, number: course.number, subject: course.subject };
}
