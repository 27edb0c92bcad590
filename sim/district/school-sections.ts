import type { CatalogCourse } from './course-catalog.js';
import { coursesFor } from './course-catalog.js';
import type { DistrictPlan, SchoolPlan } from './district-plan.js';
import { gradeOfStudent } from './district-plan.js';
import type { SimSection } from './model.js';
import { stampOf } from './people.js';
import { Random, streamSeed } from './prng.js';
import { IdClass } from './record-ids.js';

/**
 * One school's timetable: which sections exist, who teaches and who takes them. It depends only
 * on the plan, pure id functions and the school's own *section* random stream — not on the
 * people's names — so the generator can rebuild it cheaply for the sections pass without
 * regenerating every person, and the users pass can learn how many teachers the school needs.
 */
export interface SchoolTimetable {
  teacherCount: number;
  sections: SimSection[];
}

type Course = DistrictPlan['courses'][number];

interface SectionDraft {
  course: Course;
  grade: string;
  studentIds: string[];
  /** Which of the course's sections in this grade (homerooms are lettered A, B, ...). */
  ordinal: number;
  /** Sections of one group share teachers, `load` sections each (homerooms: one teacher each). */
  group: string;
  load: number;
}

const MAX_SECTION_SIZE = 30;
const ELEMENTARY_HOMEROOM_SIZE = 25;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function buildSchoolTimetable(plan: DistrictPlan, school: SchoolPlan): SchoolTimetable {
  const random = new Random(streamSeed(plan.seed, 4, school.index));
  const cross = plan.crossEnrollment;
  const drafts = draftsFor(plan, school, random);
  if (school.index === cross.hostSchool) {
    const algebra = drafts.find((draft) => draft.course.role === 'core' && draft.course.subject === 'math' && draft.grade === '09');
    algebra?.studentIds.push(plan.ids.idOf(IdClass.student, cross.homeSchool, cross.studentIndex));
  }

  // Teachers are allocated as sections need them: a group's teacher takes `load` sections.
  const openTeacher = new Map<string, { teacher: number; taught: number }>();
  let teacherCount = 0;
  const teacherId = (index: number): string => plan.ids.idOf(IdClass.teacher, school.index, index);
  const sections: SimSection[] = [];
  for (const draft of drafts) {
    let current = openTeacher.get(draft.group);
    if (!current || current.taught >= draft.load) {
      current = { teacher: teacherCount++, taught: 0 };
      openTeacher.set(draft.group, current);
    }
    current.taught += 1;
    sections.push(sectionRecord(plan, school, random, sections.length, draft, current.taught, teacherId(current.teacher)));
  }
  for (const section of sections) {
    if (teacherCount > 1 && random.chance(plan.coTeacherRate)) {
      const primary = section.teacherIds[0] as string;
      const candidates = Array.from({ length: teacherCount }, (_, index) => teacherId(index)).filter((id) => id !== primary);
      section.teacherIds.push(random.pick(candidates));
    }
  }
  if (school.index === cross.hostSchool) {
    // The planted empty section: offered, staffed by the school's first teacher, nobody signed up.
    const course = plan.courses.find((candidate) => candidate.role === 'independent') as Course;
    const draft = { course, grade: '12', studentIds: [], ordinal: 0, group: 'independent', load: 1 };
    sections.push(sectionRecord(plan, school, random, sections.length, draft, 8, teacherId(0)));
  }
  return { teacherCount: Math.max(teacherCount, 1), sections };
}

function sectionRecord(
  plan: DistrictPlan,
  school: SchoolPlan,
  random: Random,
  index: number,
  draft: SectionDraft,
  period: number,
  teacherId: string,
): SimSection {
  const meta = stampOf(plan, random, plan.ids.idOf(IdClass.section, school.index, index));
  const course = draft.course;
  const name =
    course.role === 'homeroom'
      ? `${course.name} ${LETTERS[draft.ordinal % LETTERS.length]}`
      : course.role === 'elective'
        ? `${course.name} (Grade ${draft.grade}) - P${period}`
        : `${course.name} - P${period}`;
  return {
    id: meta.id,
    created: meta.created,
    lastModified: meta.lastModified,
    status: meta.status,
    name,
    schoolId: school.id,
    courseId: course.id,
    termId: plan.currentTermId,
    period: String(period),
    subject: course.subject,
    grade: draft.grade,
    teacherIds: [teacherId],
    studentIds: draft.studentIds,
  };
}

/** Splits `members` round-robin into sections of at most `maxSize`. */
function split(members: readonly string[], maxSize: number): string[][] {
  const count = Math.ceil(members.length / maxSize);
  const groups: string[][] = Array.from({ length: count }, () => []);
  members.forEach((member, index) => groups[index % count]?.push(member));
  return groups;
}

/**
 * Elementary: one homeroom each plus 0–2 specials (art, music, PE) → 1–3 sections per student.
 * Secondary: the grade's four core courses plus 2–4 electives → 6–8 sections per student.
 */
function draftsFor(plan: DistrictPlan, school: SchoolPlan, random: Random): SectionDraft[] {
  const elementary = school.level === 'elementary';
  const gradeRole: CatalogCourse['role'] = elementary ? 'homeroom' : 'core';
  const gradeCourseSize = elementary ? ELEMENTARY_HOMEROOM_SIZE : MAX_SECTION_SIZE;
  const teacherLoad = elementary ? 8 : 6;
  const electives = coursesFor(plan.courses, school.level, 'elective') as Course[];
  const byGrade = new Map<string, { id: string; electives: Course[] }[]>(school.grades.map((grade) => [grade, []]));
  for (let index = 0; index < school.students; index++) {
    const chosen = elementary ? random.sample(electives, random.int(0, 2)) : random.sample(electives, random.int(2, 4));
    byGrade.get(gradeOfStudent(school, index))?.push({ id: plan.ids.idOf(IdClass.student, school.index, index), electives: chosen });
  }
  const drafts: SectionDraft[] = [];
  for (const [grade, members] of byGrade) {
    const ids = members.map((member) => member.id);
    for (const course of coursesFor(plan.courses, school.level, gradeRole, grade) as Course[]) {
      split(ids, gradeCourseSize).forEach((group, ordinal) => {
        // A homeroom teacher has one class; a core teacher teaches the subject all day.
        const homeroom = gradeRole === 'homeroom';
        drafts.push({
          course,
          grade,
          studentIds: group,
          ordinal,
          group: homeroom ? `homeroom:${drafts.length}` : course.subject,
          load: homeroom ? 1 : teacherLoad,
        });
      });
    }
    for (const course of electives) {
      const takers = members.filter((member) => member.electives.includes(course)).map((member) => member.id);
      split(takers, MAX_SECTION_SIZE).forEach((group, ordinal) =>
        drafts.push({ course, grade, studentIds: group, ordinal, group: course.subject, load: teacherLoad }),
      );
    }
  }
  return drafts;
}
