import {
  enrollmentKey,
  primaryRoleOf,
  ROSTER_ROLES,
  type RosterCourse,
  type RosterEnrollment,
  type RosterKind,
  type RosterRecordByKind,
  type RosterRole,
  type RosterSchool,
  type RosterSection,
  type RosterTerm,
  type RosterUser,
} from '../../src/domain/roster.js';
import type { DistrictStore, SimCourse, SimRole, SimSchool, SimSection, SimTerm, SimUser } from './model.js';

/**
 * The canonical roster both SIS clients must produce from one simulated district, following
 * the cross-provider contract at the top of model.ts. Active records only, each kind sorted
 * by sourceId (enrollments by enrollmentKey). Optional fields are omitted when the district
 * has no value (absent or empty string) — never present as `undefined`.
 */
export type ExpectedRoster = { [K in RosterKind]: RosterRecordByKind[K][] };

const CANONICAL_ROLE: Record<SimRole, RosterRole | undefined> = {
  student: 'student',
  teacher: 'teacher',
  staff: 'staff',
  district_admin: 'administrator',
  contact: undefined,
};

export function expectedRoster(store: Pick<DistrictStore, 'list'>): ExpectedRoster {
  const users = store.list('users').flatMap((user) => {
    const canonical = canonicalUser(user);
    return canonical ? [canonical] : [];
  });
  const sections = store.list('sections');
  return {
    schools: bySourceId(store.list('schools').map(canonicalSchool)),
    terms: bySourceId(store.list('terms').map(canonicalTerm)),
    courses: bySourceId(store.list('courses').map(canonicalCourse)),
    users: bySourceId(users),
    sections: bySourceId(sections.map(canonicalSection)),
    enrollments: sections.flatMap(sectionEnrollments).sort((a, b) => compare(enrollmentKey(a), enrollmentKey(b))),
  };
}

/** Adds `key: value` only when there is a value, so records never carry `undefined` keys. */
function withOptional<T extends object, K extends string>(record: T, key: K, value: string | undefined): T {
  if (value !== undefined && value !== '') (record as Record<string, unknown>)[key] = value;
  return record;
}

function canonicalSchool(school: SimSchool): RosterSchool {
  return withOptional<RosterSchool, 'schoolNumber'>({ sourceId: school.id, name: school.name }, 'schoolNumber', school.schoolNumber);
}

function canonicalTerm(term: SimTerm): RosterTerm {
  const record: RosterTerm = { sourceId: term.id, name: term.name };
  withOptional(record, 'startDate', term.startDate);
  return withOptional(record, 'endDate', term.endDate);
}

/**
 * Courses are district-wide in the simulated district, so `schoolId` never appears; the
 * district's course subject is not canonical (Clever's Course has no subject).
 */
function canonicalCourse(course: SimCourse): RosterCourse {
  const record: RosterCourse = { sourceId: course.id, name: course.name };
  return withOptional(record, 'number', course.number);
}

/**
 * The person's SIS identifier: student number, else teacher number, else staff id — the
 * order in which a multi-role person's identifiers are preferred (see model.ts contract).
 */
function sisIdOf(user: SimUser): string | undefined {
  return user.student?.studentNumber ?? user.teacher?.teacherNumber ?? user.staff?.staffId;
}

/**
 * Contacts (and anyone with no canonical role) are not roster users. A person whose only
 * canonical role is `administrator` has no username and no sisId whatever the district holds:
 * Clever's DistrictAdmin carries neither (the generator gives such people none either).
 */
export function canonicalUser(user: SimUser): RosterUser | undefined {
  const held = new Set(user.roles.map((role) => CANONICAL_ROLE[role]));
  const roles = ROSTER_ROLES.filter((role) => held.has(role));
  if (roles.length === 0) return undefined;
  const [primarySchool, ...otherSchools] = user.schoolIds;
  const record: RosterUser = {
    sourceId: user.id,
    roles,
    primaryRole: primaryRoleOf(roles),
    givenName: user.name.first,
    familyName: user.name.last,
    schoolIds: primarySchool === undefined ? [] : [primarySchool, ...[...otherSchools].sort(compare)],
  };
  withOptional(record, 'middleName', user.name.middle);
  withOptional(record, 'email', user.email);
  const districtAdminOnly = roles.length === 1 && roles[0] === 'administrator';
  if (!districtAdminOnly) {
    withOptional(record, 'username', user.username);
    withOptional(record, 'sisId', sisIdOf(user));
  }
  return withOptional(record, 'grade', user.student?.grade);
}

function canonicalSection(section: SimSection): RosterSection {
  const record: RosterSection = { sourceId: section.id, name: section.name, schoolId: section.schoolId, teacherIds: [...section.teacherIds] };
  withOptional(record, 'courseId', section.courseId);
  withOptional(record, 'termId', section.termId);
  withOptional(record, 'period', section.period);
  withOptional(record, 'subject', section.subject);
  return withOptional(record, 'grade', section.grade);
}

/** The section's first teacher is its primary teacher; students are never primary. */
function sectionEnrollments(section: SimSection): RosterEnrollment[] {
  return [
    ...section.teacherIds.map((userId, index) => ({ sectionId: section.id, userId, role: 'teacher' as const, primary: index === 0 })),
    ...section.studentIds.map((userId) => ({ sectionId: section.id, userId, role: 'student' as const, primary: false })),
  ];
}

function bySourceId<T extends { sourceId: string }>(records: T[]): T[] {
  return records.sort((a, b) => compare(a.sourceId, b.sourceId));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
