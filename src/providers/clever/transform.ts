import type { z } from 'zod';
import {
  ROSTER_ROLES,
  primaryRoleOf,
  type RecordError,
  type RosterCourse,
  type RosterEnrollment,
  type RosterKind,
  type RosterRole,
  type RosterSchool,
  type RosterSection,
  type RosterTerm,
  type RosterUser,
} from '../../domain/roster.js';
import type { RosterBatch } from '../types.js';
import { cedsGradeOf } from './grades.js';
import { courseSchema, schoolSchema, sectionSchema, termSchema, userSchema, type CleverSection, type CleverUser } from './schemas.js';

/**
 * Pure Clever payload → canonical roster transforms, following the cross-provider contract in
 * sim/district/model.ts. Never throws on a bad record: a payload that violates the definitions
 * or lacks what the bridge needs becomes a RecordError and the rest of the batch goes on.
 */
type Outcome<T> = { record: T } | { error: RecordError } | { skip: true };

/** A non-blank string, else undefined: Clever sends absent text as missing, `null` or `""`. */
function present(value: string | null | undefined): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function sourceIdOf(payload: unknown): string {
  const id = typeof payload === 'object' && payload !== null ? (payload as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : '(missing id)';
}

function parse<S extends z.ZodType>(schema: S, kind: RosterKind, payload: unknown): { value: z.infer<S> & { id?: string } } | { error: RecordError } {
  const parsed = schema.safeParse(payload);
  if (parsed.success) {
    const value = parsed.data as z.infer<S> & { id?: string };
    if (present(value.id) === undefined) return { error: { kind, sourceId: sourceIdOf(payload), field: 'id', message: 'record has no id' } };
    return { value };
  }
  const issue = parsed.error.issues[0];
  const field = issue?.path.map(String).join('.') || '(record)';
  return { error: { kind, sourceId: sourceIdOf(payload), field, message: `violates the Clever definition: ${issue?.message ?? 'invalid'}` } };
}

const missing = (kind: RosterKind, sourceId: string, field: string, message: string): { error: RecordError } => ({
  error: { kind, sourceId, field, message },
});

/** Accepts `YYYY-MM-DD…` (Clever's usual form) or `MM/DD/YYYY`; anything else is dropped. */
function calendarDate(value: string | null | undefined): string | undefined {
  const text = present(value);
  if (!text) return undefined;
  const iso = /^(\d{4}-\d{2}-\d{2})/.exec(text);
  if (iso) return iso[1];
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  return us ? `${us[3]}-${us[1]?.padStart(2, '0')}-${us[2]?.padStart(2, '0')}` : undefined;
}

function transformSchool(payload: unknown): Outcome<RosterSchool> {
  const parsed = parse(schoolSchema, 'schools', payload);
  if ('error' in parsed) return parsed;
  const school = parsed.value;
  const sourceId = school.id as string;
  const name = present(school.name);
  if (!name) return missing('schools', sourceId, 'name', 'school has no name');
  const record: RosterSchool = { sourceId, name };
  const schoolNumber = present(school.school_number);
  if (schoolNumber) record.schoolNumber = schoolNumber;
  return { record };
}

function transformTerm(payload: unknown): Outcome<RosterTerm> {
  const parsed = parse(termSchema, 'terms', payload);
  if ('error' in parsed) return parsed;
  const term = parsed.value;
  const sourceId = term.id as string;
  const name = present(term.name);
  if (!name) return missing('terms', sourceId, 'name', 'term has no name');
  const record: RosterTerm = { sourceId, name };
  const startDate = calendarDate(term.start_date);
  const endDate = calendarDate(term.end_date);
  if (startDate) record.startDate = startDate;
  if (endDate) record.endDate = endDate;
  return { record };
}

/** Clever courses are district-wide and carry no subject; the canonical course has neither `schoolId` nor `subject`. */
function transformCourse(payload: unknown): Outcome<RosterCourse> {
  const parsed = parse(courseSchema, 'courses', payload);
  if ('error' in parsed) return parsed;
  const course = parsed.value;
  const sourceId = course.id as string;
  const name = present(course.name);
  if (!name) return missing('courses', sourceId, 'name', 'course has no name');
  const record: RosterCourse = { sourceId, name };
  const number = present(course.number);
  if (number) record.number = number;
  return { record };
}

type CleverRoles = NonNullable<CleverUser['roles']>;

/** Clever role objects → canonical roles, in ROSTER_ROLES order; `contact` never counts. */
function rolesOf(roles: CleverRoles): RosterRole[] {
  const held = new Set<RosterRole>();
  if (roles.student) held.add('student');
  if (roles.teacher) held.add('teacher');
  if (roles.staff) held.add('staff');
  if (roles.district_admin) held.add('administrator');
  return ROSTER_ROLES.filter((role) => held.has(role));
}

/** Primary school first (the student's, else the teacher's `school`, else staff's first), the rest ascending. */
function schoolIdsOf(roles: CleverRoles): string[] {
  const { student, teacher, staff } = roles;
  const primary =
    present(student?.school) ?? present(teacher?.school) ?? present(staff?.schools?.[0]) ?? present(student?.schools?.[0]) ?? present(teacher?.schools?.[0]);
  const all = new Set<string>();
  for (const list of [student?.schools, teacher?.schools, staff?.schools]) for (const id of list ?? []) if (present(id)) all.add(id);
  for (const id of [student?.school, teacher?.school]) if (present(id)) all.add(id as string);
  if (primary === undefined) return [...all].sort();
  all.delete(primary);
  return [primary, ...[...all].sort()];
}

function transformUser(payload: unknown): Outcome<RosterUser> {
  const parsed = parse(userSchema, 'users', payload);
  if ('error' in parsed) return parsed;
  const user = parsed.value;
  const sourceId = user.id as string;
  const cleverRoles = user.roles ?? {};
  const roles = rolesOf(cleverRoles);
  // Contacts (parents, guardians) are never canonical users: not an error, just not ours.
  if (roles.length === 0) return { skip: true };
  const givenName = present(user.name?.first);
  const familyName = present(user.name?.last);
  if (!givenName) return missing('users', sourceId, 'name.first', 'user has no first name');
  if (!familyName) return missing('users', sourceId, 'name.last', 'user has no last name');

  const { student, teacher, staff } = cleverRoles;
  const record: RosterUser = { sourceId, roles, primaryRole: primaryRoleOf(roles), givenName, familyName, schoolIds: schoolIdsOf(cleverRoles) };
  const middleName = present(user.name?.middle);
  if (middleName) record.middleName = middleName;
  const email = present(user.email);
  if (email) record.email = email;
  const username =
    present(student?.credentials?.district_username) ?? present(teacher?.credentials?.district_username) ?? present(staff?.credentials?.district_username);
  if (username) record.username = username;
  const sisId = present(student?.student_number) ?? present(teacher?.teacher_number) ?? present(staff?.staff_id);
  if (sisId) record.sisId = sisId;
  const grade = cedsGradeOf(student?.grade);
  if (grade) record.grade = grade;
  return { record };
}

/** Primary teacher (`teacher`, else the first of `teachers`) first, then the others in Clever's order. */
function teacherIdsOf(section: CleverSection): string[] {
  const listed = (section.teachers ?? []).filter((id) => present(id));
  const primary = present(section.teacher) ?? listed[0];
  if (primary === undefined) return [];
  return [primary, ...new Set(listed.filter((id) => id !== primary))];
}

function transformSection(payload: unknown): Outcome<{ section: RosterSection; enrollments: RosterEnrollment[] }> {
  const parsed = parse(sectionSchema, 'sections', payload);
  if ('error' in parsed) return parsed;
  const cleverSection = parsed.value;
  const sourceId = cleverSection.id as string;
  const name = present(cleverSection.name);
  const schoolId = present(cleverSection.school);
  if (!name) return missing('sections', sourceId, 'name', 'section has no name');
  if (!schoolId) return missing('sections', sourceId, 'school', 'section has no school');

  const teacherIds = teacherIdsOf(cleverSection);
  const section: RosterSection = { sourceId, name, schoolId, teacherIds };
  const optional = {
    courseId: present(cleverSection.course),
    termId: present(cleverSection.term_id),
    period: present(cleverSection.period),
    subject: present(cleverSection.subject),
    grade: cedsGradeOf(cleverSection.grade),
  };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) section[key as keyof typeof optional] = value;

  // Clever has no enrollment objects: a section's `teachers` and `students` are its enrollments.
  const enrollments: RosterEnrollment[] = teacherIds.map((userId, index) => ({ sectionId: sourceId, userId, role: 'teacher', primary: index === 0 }));
  const teacherSet = new Set(teacherIds);
  for (const userId of new Set(cleverSection.students ?? [])) {
    if (present(userId) && !teacherSet.has(userId)) enrollments.push({ sectionId: sourceId, userId, role: 'student', primary: false });
  }
  return { record: { section, enrollments } };
}

/** Transforms one page of one Clever collection; `sections` yields sections and enrollments. */
export function transformCleverPage(kind: RosterKind, payloads: readonly unknown[]): RosterBatch {
  const errors: RecordError[] = [];
  const collect = <T>(outcome: Outcome<T>, into: T[]) => {
    if ('record' in outcome) into.push(outcome.record);
    else if ('error' in outcome) errors.push(outcome.error);
  };
  switch (kind) {
    case 'schools': {
      const schools: RosterSchool[] = [];
      for (const payload of payloads) collect(transformSchool(payload), schools);
      return { schools, errors };
    }
    case 'terms': {
      const terms: RosterTerm[] = [];
      for (const payload of payloads) collect(transformTerm(payload), terms);
      return { terms, errors };
    }
    case 'courses': {
      const courses: RosterCourse[] = [];
      for (const payload of payloads) collect(transformCourse(payload), courses);
      return { courses, errors };
    }
    case 'users': {
      const users: RosterUser[] = [];
      for (const payload of payloads) collect(transformUser(payload), users);
      return { users, errors };
    }
    case 'sections': {
      const pairs: { section: RosterSection; enrollments: RosterEnrollment[] }[] = [];
      for (const payload of payloads) collect(transformSection(payload), pairs);
      return { sections: pairs.map((pair) => pair.section), enrollments: pairs.flatMap((pair) => pair.enrollments), errors };
    }
    case 'enrollments':
      // Clever has no enrollment collection; enrollments come from sections pages.
      return { enrollments: [], errors };
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown roster kind ${String(unreachable)}`);
    }
  }
}
