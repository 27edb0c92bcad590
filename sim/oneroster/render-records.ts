import type { DistrictStore, SimCourse, SimEnrollment, SimSchool, SimSection, SimTerm, SimUser } from '../district/model.js';
import type {
  AcademicSessionRecord,
  ClassRecord,
  CourseRecord,
  EnrollmentRecord,
  GuidRef,
  GuidRefType,
  OrgRecord,
  UserRecord,
  UserRole,
} from './oneroster-records.js';

/**
 * Renders the simulated district as OneRoster 1.1 records, following the cross-provider
 * contract at the top of sim/district/model.ts (roles, orgs, grades, titles).
 */
export class OneRosterRenderer {
  constructor(
    private readonly store: DistrictStore,
    /** e.g. http://127.0.0.1:4567/ims/oneroster/v1p1 — hrefs are absolute (REST binding §4: GUIDRef.href). */
    private readonly apiBase: () => string,
  ) {}

  private ref(type: GuidRefType, collection: string, sourcedId: string): GuidRef {
    return { href: `${this.apiBase()}/${collection}/${sourcedId}`, sourcedId, type };
  }

  orgRef(id: string): GuidRef {
    return this.ref('org', 'orgs', id);
  }

  /** The district has no timestamps of its own; it is as old as its oldest school. */
  district(schools: readonly SimSchool[]): OrgRecord {
    const info = this.store.info;
    const oldest = schools.reduce<string | undefined>((min, s) => (min === undefined || s.created < min ? s.created : min), undefined);
    return {
      sourcedId: info.id,
      status: 'active',
      dateLastModified: oldest ?? '2020-01-01T00:00:00.000Z',
      name: info.name,
      type: 'district',
      identifier: '',
      parent: null,
      children: schools.filter((s) => s.status === 'active').map((s) => this.orgRef(s.id)),
    };
  }

  school(school: SimSchool): OrgRecord {
    return {
      sourcedId: school.id,
      status: school.status,
      dateLastModified: school.lastModified,
      name: school.name,
      type: 'school',
      identifier: school.schoolNumber,
      parent: this.orgRef(this.store.info.id),
      children: [],
    };
  }

  term(term: SimTerm): AcademicSessionRecord {
    return {
      sourcedId: term.id,
      status: term.status,
      dateLastModified: term.lastModified,
      title: term.name,
      type: 'term',
      startDate: term.startDate,
      endDate: term.endDate,
      parent: null,
      children: [],
      schoolYear: term.endDate.slice(0, 4),
    };
  }

  /** Courses are district-wide (model.ts contract), so their org is the district. */
  course(course: SimCourse): CourseRecord {
    return {
      sourcedId: course.id,
      status: course.status,
      dateLastModified: course.lastModified,
      title: course.name,
      schoolYear: null,
      courseCode: course.number,
      grades: [],
      subjects: [course.subject],
      org: this.orgRef(this.store.info.id),
      subjectCodes: [],
    };
  }

  class(section: SimSection): ClassRecord {
    return {
      sourcedId: section.id,
      status: section.status,
      dateLastModified: section.lastModified,
      title: section.name,
      classCode: `${section.name}-${section.period}`,
      classType: 'scheduled',
      location: '',
      grades: [section.grade],
      subjects: [section.subject],
      course: this.ref('course', 'courses', section.courseId),
      school: this.orgRef(section.schoolId),
      terms: [this.ref('academicSession', 'terms', section.termId)],
      subjectCodes: [],
      periods: [section.period],
    };
  }

  /** `agentIds`: contacts of a student, or the students of a contact (1.1 `agents`). */
  user(user: SimUser, agentIds: readonly string[]): UserRecord {
    const role = oneRosterRoleOf(user);
    const isDistrictAdmin = user.roles.includes('district_admin');
    const orgIds = isDistrictAdmin ? [this.store.info.id, ...user.schoolIds] : user.schoolIds;
    return {
      sourcedId: user.id,
      status: user.status,
      dateLastModified: user.lastModified,
      username: user.username ?? '',
      userIds: user.student ? [{ type: 'stateId', identifier: user.student.stateId }] : [],
      enabledUser: 'true',
      givenName: user.name.first,
      familyName: user.name.last,
      middleName: user.name.middle ?? '',
      role,
      identifier: user.student?.studentNumber ?? user.teacher?.teacherNumber ?? user.staff?.staffId ?? '',
      email: user.email ?? '',
      sms: '',
      phone: user.contact?.phone ?? '',
      agents: agentIds.map((id) => this.ref('user', 'users', id)),
      orgs: orgIds.map((id) => this.orgRef(id)),
      grades: user.student ? [user.student.grade] : [],
    };
  }

  enrollment(enrollment: SimEnrollment, termDates: { startDate: string; endDate: string } | undefined): EnrollmentRecord {
    return {
      sourcedId: enrollment.id,
      status: enrollment.status,
      dateLastModified: enrollment.lastModified,
      user: this.ref('user', 'users', enrollment.userId),
      class: this.ref('class', 'classes', enrollment.sectionId),
      school: this.orgRef(enrollment.schoolId),
      role: enrollment.role,
      primary: enrollment.primary ? 'true' : 'false',
      beginDate: termDates?.startDate ?? null,
      endDate: termDates?.endDate ?? null,
    };
  }
}

/**
 * OneRoster 1.1 has one role per user. A district admin is `administrator` (and shows the
 * district org); school staff are `administrator` with school orgs only; contacts become
 * parent/relative/guardian by relationship.
 */
function oneRosterRoleOf(user: SimUser): UserRole {
  if (user.roles.includes('district_admin')) return 'administrator';
  if (user.roles.includes('teacher')) return 'teacher';
  if (user.roles.includes('staff')) return 'administrator';
  if (user.roles.includes('student')) return 'student';
  switch (user.contact?.relationship) {
    case 'Parent':
      return 'parent';
    case 'Other':
    case undefined:
      return 'guardian';
    default:
      return 'relative';
  }
}
