import type { z } from 'zod';
import {
  ROSTER_ROLES,
  enrollmentKey,
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
import { withoutUndefined } from '../../domain/without-undefined.js';
import {
  academicSessionSchema,
  classSchema,
  courseSchema,
  enrollmentSchema,
  orgSchema,
  resolvedClassSchema,
  resolvedUserSchema,
  userSchema,
} from './schemas.js';

/**
 * Pure OneRoster 1.1 → canonical transforms (contract: sim/district/model.ts header).
 *
 * Tombstones: 1.1 never deletes a record from a listing; it turns `status` to 'tobedeleted'
 * (information model §4.13.8) and bumps dateLastModified, so full listings include them. A
 * full sync skips them (absence is what deprovisions); a delta sync needs them as deletes, so
 * every transform also returns the `deleted` source ids (enrollments: `enrollmentKey`).
 */

export interface RosterDelta {
  batch: RosterBatch;
  /** Source ids of records the SIS marked 'tobedeleted', per kind. */
  deleted: string[];
}

type Outcome<T> = { record: T } | { deleted: string } | { skipped: true } | { error: Omit<RecordError, 'kind'> };

/** Values are kept exactly as sent; null, '' and whitespace-only mean "no value". */
const blankToUndefined = (value: string | null | undefined): string | undefined => (value?.trim() ? value : undefined);
/** 1.1 dates are `YYYY-MM-DD`; some servers send full instants. */
const calendarDate = (value: string | null | undefined) => blankToUndefined(value)?.trim().slice(0, 10);
const sourceIdOf = (raw: unknown) => (raw !== null && typeof raw === 'object' && 'sourcedId' in raw && typeof raw.sourcedId === 'string' ? raw.sourcedId : '');

function parse<S extends z.ZodType>(schema: S, raw: unknown): { data: z.infer<S> } | { error: Omit<RecordError, 'kind'> } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { data: parsed.data };
  const issue = parsed.error.issues[0];
  return { error: { sourceId: sourceIdOf(raw), field: issue?.path.join('.') || undefined, message: issue?.message ?? 'invalid record' } };
}

/** Shared status handling: tombstones become deletes, anything but 'active' is an error. */
function lifecycle(record: { sourcedId: string; status?: string | null | undefined }): Outcome<never> | undefined {
  if (record.status === 'tobedeleted') return { deleted: record.sourcedId };
  if (record.status && record.status !== 'active')
    return { error: { sourceId: record.sourcedId, field: 'status', message: `unknown status "${record.status}"` } };
  return undefined;
}

const missing = (sourceId: string, field: string): Outcome<never> => ({ error: { sourceId, field, message: `${field} is required` } });

function school(raw: unknown): Outcome<RosterSchool> {
  const parsed = parse(orgSchema, raw);
  if ('error' in parsed) return parsed;
  const org = parsed.data;
  if (org.type !== 'school') return { skipped: true }; // the district and other org types are not schools
  const status = lifecycle(org);
  if (status) return status;
  const name = blankToUndefined(org.name);
  if (!name) return missing(org.sourcedId, 'name');
  const schoolNumber = blankToUndefined(org.identifier);
  return { record: { sourceId: org.sourcedId, name, ...(schoolNumber && { schoolNumber }) } };
}

function term(raw: unknown): Outcome<RosterTerm> {
  const parsed = parse(academicSessionSchema, raw);
  if ('error' in parsed) return parsed;
  const session = parsed.data;
  if (session.type && session.type !== 'term') return { skipped: true };
  const status = lifecycle(session);
  if (status) return status;
  const name = blankToUndefined(session.title);
  if (!name) return missing(session.sourcedId, 'title');
  const startDate = calendarDate(session.startDate);
  const endDate = calendarDate(session.endDate);
  return { record: { sourceId: session.sourcedId, name, ...(startDate && { startDate }), ...(endDate && { endDate }) } };
}

/**
 * Courses are district-wide in the contract; a course's `org` (the district) is not a school.
 * `subjects` is not carried: the canonical course has no subject (Clever's Course cannot say one).
 */
function course(raw: unknown): Outcome<RosterCourse> {
  const parsed = parse(courseSchema, raw);
  if ('error' in parsed) return parsed;
  const c = parsed.data;
  const status = lifecycle(c);
  if (status) return status;
  const name = blankToUndefined(c.title);
  if (!name) return missing(c.sourcedId, 'title');
  const number = blankToUndefined(c.courseCode);
  return { record: { sourceId: c.sourcedId, name, ...(number && { number }) } };
}

/** 1.1 user roles (§4.13.5) → canonical roles; `undefined` = not a rostered person (parents, guardians, relatives). */
function rolesOf(role: string, orgIds: readonly string[], orgTypes: Readonly<Record<string, string>>): RosterRole[] | undefined | 'unknown' {
  switch (role) {
    case 'student':
      return ['student'];
    case 'teacher':
      return ['teacher'];
    case 'administrator':
      return orgIds.some((id) => orgTypes[id] === 'district') ? ['administrator'] : ['staff'];
    case 'aide':
    case 'proctor':
      return ['staff'];
    case 'parent':
    case 'guardian':
    case 'relative':
      return undefined;
    default:
      return 'unknown';
  }
}

function user(raw: unknown): Outcome<RosterUser> {
  const wrapper = parse(resolvedUserSchema, raw);
  if ('error' in wrapper) return wrapper;
  const parsed = parse(userSchema, wrapper.data.user);
  if ('error' in parsed) return parsed;
  const u = parsed.data;
  const status = lifecycle(u);
  if (status) return status;
  const orgIds = (u.orgs ?? []).map((org) => org.sourcedId);
  const baseRoles = rolesOf(u.role ?? '', orgIds, wrapper.data.orgTypes);
  if (baseRoles === undefined) return { skipped: true };
  if (baseRoles === 'unknown') return { error: { sourceId: u.sourcedId, field: 'role', message: `unknown role "${u.role ?? ''}"` } };
  const roleSet = new Set<RosterRole>(baseRoles);
  if (wrapper.data.teaches) roleSet.add('teacher'); // 1.1 allows one role per user: teaching shows only in enrollments
  const roles = ROSTER_ROLES.filter((role) => roleSet.has(role));

  const givenName = blankToUndefined(u.givenName);
  if (!givenName) return missing(u.sourcedId, 'givenName');
  const familyName = blankToUndefined(u.familyName);
  if (!familyName) return missing(u.sourcedId, 'familyName');

  // Primary school = first org of type school; the rest ascending (model.ts contract).
  const schools = [...new Set(orgIds.filter((id) => wrapper.data.orgTypes[id] === 'school'))];
  const [primarySchool, ...otherSchools] = schools;
  const schoolIds = primarySchool === undefined ? [] : [primarySchool, ...otherSchools.sort()];

  const optional = {
    middleName: blankToUndefined(u.middleName),
    email: blankToUndefined(u.email),
    username: blankToUndefined(u.username),
    sisId: blankToUndefined(u.identifier),
    grade: blankToUndefined(u.grades?.[0]),
  };
  const present = withoutUndefined(optional);
  return { record: { sourceId: u.sourcedId, roles, primaryRole: primaryRoleOf(roles), givenName, familyName, schoolIds, ...present } };
}

function section(raw: unknown): Outcome<RosterSection> {
  const wrapper = parse(resolvedClassSchema, raw);
  if ('error' in wrapper) return wrapper;
  const parsed = parse(classSchema, wrapper.data.class);
  if ('error' in parsed) return parsed;
  const c = parsed.data;
  const status = lifecycle(c);
  if (status) return status;
  const name = blankToUndefined(c.title);
  if (!name) return missing(c.sourcedId, 'title');
  if (!c.school) return missing(c.sourcedId, 'school');
  // Primary teacher first, then co-teachers in the order the server listed their enrollments.
  const teachers = wrapper.data.teachers;
  const teacherIds = [...new Set([...teachers.filter((t) => t.primary), ...teachers.filter((t) => !t.primary)].map((t) => t.userSourcedId))];
  const optional = {
    courseId: c.course?.sourcedId,
    termId: c.terms?.[0]?.sourcedId,
    period: blankToUndefined(c.periods?.[0]),
    subject: blankToUndefined(c.subjects?.[0]),
    grade: blankToUndefined(c.grades?.[0]),
  };
  const present = withoutUndefined(optional);
  return { record: { sourceId: c.sourcedId, name, schoolId: c.school.sourcedId, ...present, teacherIds } };
}

function enrollment(raw: unknown): Outcome<RosterEnrollment> {
  const parsed = parse(enrollmentSchema, raw);
  if ('error' in parsed) return parsed;
  const e = parsed.data;
  if (!e.class) return missing(e.sourcedId, 'class');
  if (!e.user) return missing(e.sourcedId, 'user');
  const key = { sectionId: e.class.sourcedId, userId: e.user.sourcedId };
  if (e.status === 'tobedeleted') return { deleted: enrollmentKey(key) };
  const status = lifecycle(e);
  if (status) return status;
  // Administrator/aide/proctor enrollments exist in 1.1 but are not section membership.
  if (e.role !== 'student' && e.role !== 'teacher') return { skipped: true };
  return { record: { ...key, role: e.role, primary: e.role === 'teacher' && e.primary === true } };
}

const TRANSFORMS: { [K in RosterKind]: (raw: unknown) => Outcome<unknown> } = {
  schools: school,
  terms: term,
  courses: course,
  users: user,
  sections: section,
  enrollments: enrollment,
};

/** Transforms one page of staged payloads; tombstones are reported in `deleted`, never as records. */
export function transformOneRosterDelta(kind: RosterKind, payloads: readonly unknown[]): RosterDelta {
  const records: unknown[] = [];
  const deleted: string[] = [];
  const errors: RecordError[] = [];
  for (const payload of payloads) {
    const outcome = TRANSFORMS[kind](payload);
    if ('record' in outcome) records.push(outcome.record);
    else if ('deleted' in outcome) deleted.push(outcome.deleted);
    else if ('error' in outcome) errors.push({ kind, ...outcome.error });
  }
  return { batch: { [kind]: records, errors } as RosterBatch, deleted };
}

/** Full-sync transform: tombstoned records are simply left out. */
export function transformOneRoster(kind: RosterKind, payloads: readonly unknown[]): RosterBatch {
  return transformOneRosterDelta(kind, payloads).batch;
}
