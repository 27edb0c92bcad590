/**
 * The canonical roster model: what every SIS provider is transformed into, and what the
 * rest of the bridge (mapping to SCIM, diffing, seats) reads. Provider-neutral on purpose:
 * a Clever district and the same district served over OneRoster transform to equal records.
 *
 * `sourceId` is the SIS's own stable identifier (Clever `id`, OneRoster `sourcedId`).
 * Dates are ISO-8601 strings (`YYYY-MM-DD` for calendar dates).
 */

export const ROSTER_KINDS = ['schools', 'terms', 'courses', 'users', 'sections', 'enrollments'] as const;
/** Fetch order matters: sections reference courses/terms, enrollments reference users and sections. */
export type RosterKind = (typeof ROSTER_KINDS)[number];

export const ROSTER_ROLES = ['student', 'teacher', 'staff', 'administrator'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export interface RosterSchool {
  sourceId: string;
  name: string;
  schoolNumber?: string;
}

export interface RosterTerm {
  sourceId: string;
  name: string;
  startDate?: string;
  endDate?: string;
}

export interface RosterCourse {
  sourceId: string;
  name: string;
  number?: string;
  /** No `subject`: Clever's Course has none, so the canonical model cannot promise one (sections keep theirs). */
  schoolId?: string;
}

export interface RosterUser {
  sourceId: string;
  /** Every role the person holds, in ROSTER_ROLES order; `primaryRole` picks the one that counts. */
  roles: RosterRole[];
  /** The role that decides the SCIM userType: administrator > teacher > staff > student. */
  primaryRole: RosterRole;
  givenName: string;
  familyName: string;
  middleName?: string;
  /** Absent for many young students. Not unique: two staff may share one. */
  email?: string;
  /**
   * SIS login / username where the SIS has one. Never for a person whose only role is
   * `administrator`: Clever's DistrictAdmin carries no credentials.
   */
  username?: string;
  /**
   * SIS-side person identifier (student number, staff id, teacher number). Never for a
   * person whose only role is `administrator`: Clever's DistrictAdmin carries no staff id.
   */
  sisId?: string;
  /** Ordered; first is the primary school. */
  schoolIds: string[];
  /** CEDS grade code: PK, KG, 01..12, 13, PS, UG, Other. */
  grade?: string;
}

export interface RosterSection {
  sourceId: string;
  name: string;
  schoolId: string;
  courseId?: string;
  termId?: string;
  period?: string;
  subject?: string;
  /** CEDS grade code, as on users. */
  grade?: string;
  /** Primary teacher first, then co-teachers in SIS order. */
  teacherIds: string[];
}

export type EnrollmentRole = 'student' | 'teacher';

/** One person in one section. Identified by (sectionId, userId) so both providers agree. */
export interface RosterEnrollment {
  sectionId: string;
  userId: string;
  role: EnrollmentRole;
  /** True for a section's primary teacher. */
  primary: boolean;
}

export interface RosterRecordByKind {
  schools: RosterSchool;
  terms: RosterTerm;
  courses: RosterCourse;
  users: RosterUser;
  sections: RosterSection;
  enrollments: RosterEnrollment;
}

/** A record the SIS sent that the bridge cannot use; reported on the run, never fatal to a page. */
export interface RecordError {
  kind: RosterKind;
  sourceId: string;
  field?: string;
  message: string;
}

/** Stable key of an enrollment, shared by both providers. */
export function enrollmentKey(enrollment: Pick<RosterEnrollment, 'sectionId' | 'userId'>): string {
  return `${enrollment.sectionId}:${enrollment.userId}`;
}

const ROLE_PRECEDENCE: readonly RosterRole[] = ['administrator', 'teacher', 'staff', 'student'];

export function primaryRoleOf(roles: readonly RosterRole[]): RosterRole {
  const found = ROLE_PRECEDENCE.find((role) => roles.includes(role));
  if (!found) throw new Error('a roster user needs at least one role');
  return found;
}
