import type { SchoolLevel } from './model.js';

/**
 * The district-wide course catalog (courses belong to the district, sections to schools).
 * `role` tells the roster builder how a course is scheduled:
 * - homeroom: every elementary student has exactly one, taught by a homeroom teacher;
 * - core: every secondary student of that grade takes it;
 * - elective: elementary specials and secondary electives, chosen per student;
 * - independent: the planted section with no students (see generator.ts).
 */
export interface CatalogCourse {
  index: number;
  name: string;
  number: string;
  /** Clever section subject vocabulary, which OneRoster shows as `subjects[0]`. */
  subject: string;
  level: SchoolLevel;
  role: 'homeroom' | 'core' | 'elective' | 'independent';
  /** Set for grade-specific courses; electives are offered to every grade of the level. */
  grade?: string;
}

export const ELEMENTARY_GRADES = ['KG', '01', '02', '03', '04', '05'] as const;
export const MIDDLE_GRADES = ['06', '07', '08'] as const;
export const HIGH_GRADES = ['09', '10', '11', '12'] as const;

const gradeLabel = (grade: string): string => (grade === 'KG' ? 'Kindergarten' : `Grade ${Number(grade)}`);

const HIGH_CORE: Record<string, readonly [string, string][]> = {
  '09': [
    ['English 9', 'english/language arts'],
    ['Algebra I', 'math'],
    ['Biology', 'science'],
    ['World History', 'social studies'],
  ],
  '10': [
    ['English 10', 'english/language arts'],
    ['Geometry', 'math'],
    ['Chemistry', 'science'],
    ['World Geography', 'social studies'],
  ],
  '11': [
    ['English 11', 'english/language arts'],
    ['Algebra II', 'math'],
    ['Physics', 'science'],
    ['U.S. History', 'social studies'],
  ],
  '12': [
    ['English 12', 'english/language arts'],
    ['Pre-Calculus', 'math'],
    ['Environmental Science', 'science'],
    ['Government & Economics', 'social studies'],
  ],
};

type CourseDraft = Omit<CatalogCourse, 'index' | 'number'>;

function drafts(): CourseDraft[] {
  const out: CourseDraft[] = [];
  for (const grade of ELEMENTARY_GRADES)
    out.push({ name: `${gradeLabel(grade)} Homeroom`, subject: 'homeroom/advisory', level: 'elementary', role: 'homeroom', grade });
  for (const [name, subject] of [
    ['Art', 'arts and music'],
    ['Music', 'arts and music'],
    ['Physical Education', 'PE and health'],
  ] as const) {
    out.push({ name: `Elementary ${name}`, subject, level: 'elementary', role: 'elective' });
  }
  for (const grade of MIDDLE_GRADES) {
    const n = Number(grade);
    for (const [name, subject] of [
      ['English', 'english/language arts'],
      ['Math', 'math'],
      ['Science', 'science'],
      ['Social Studies', 'social studies'],
    ] as const) {
      out.push({ name: `${name} ${n}`, subject, level: 'middle', role: 'core', grade });
    }
  }
  for (const [name, subject] of [
    ['Art', 'arts and music'],
    ['Band', 'arts and music'],
    ['PE & Health', 'PE and health'],
    ['Spanish', 'language'],
    ['Technology', 'technology and engineering'],
  ] as const) {
    out.push({ name: `Middle School ${name}`, subject, level: 'middle', role: 'elective' });
  }
  for (const grade of HIGH_GRADES) {
    for (const [name, subject] of HIGH_CORE[grade] ?? []) out.push({ name, subject, level: 'high', role: 'core', grade });
  }
  const highElectives = [
    ['Spanish I', 'language'],
    ['French I', 'language'],
    ['Studio Art', 'arts and music'],
    ['Choir', 'arts and music'],
    ['PE & Health', 'PE and health'],
    ['Computer Science', 'technology and engineering'],
    ['Engineering Design', 'technology and engineering'],
  ] as const;
  for (const [name, subject] of highElectives) out.push({ name, subject, level: 'high', role: 'elective' });
  out.push({ name: 'Independent Study', subject: 'other', level: 'high', role: 'independent', grade: '12' });
  return out;
}

/** The same catalog for every district; numbers are stable course codes like `MA0901`. */
export function courseCatalog(): CatalogCourse[] {
  return drafts().map((draft, index) => ({
    ...draft,
    index,
    number: `${draft.subject.slice(0, 2).toUpperCase()}${String(index + 1).padStart(4, '0')}`,
  }));
}

export function coursesFor(catalog: readonly CatalogCourse[], level: SchoolLevel, role: CatalogCourse['role'], grade?: string): CatalogCourse[] {
  return catalog.filter(
    (course) => course.level === level && course.role === role && (grade === undefined || course.grade === undefined || course.grade === grade),
  );
}
