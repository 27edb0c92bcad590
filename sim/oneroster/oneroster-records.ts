/**
 * The OneRoster 1.1 JSON records the simulator serves (REST binding §4, data model §4 of the
 * information model). Booleans are the strings 'true'/'false', as the 1.1 JSON binding and
 * ClassLink's servers send them (`enabledUser`, enrollment `primary`).
 */

type OneRosterStatus = 'active' | 'tobedeleted';
export type GuidRefType = 'org' | 'academicSession' | 'course' | 'class' | 'user' | 'term';

export interface GuidRef {
  href: string;
  sourcedId: string;
  type: GuidRefType;
}

interface Base {
  sourcedId: string;
  status: OneRosterStatus;
  dateLastModified: string;
  metadata?: Record<string, unknown>;
}

export interface OrgRecord extends Base {
  name: string;
  type: 'district' | 'school';
  identifier: string;
  parent: GuidRef | null;
  children: GuidRef[];
}

export interface AcademicSessionRecord extends Base {
  title: string;
  type: 'term';
  startDate: string;
  endDate: string;
  parent: GuidRef | null;
  children: GuidRef[];
  schoolYear: string;
}

export interface CourseRecord extends Base {
  title: string;
  schoolYear: GuidRef | null;
  courseCode: string;
  grades: string[];
  subjects: string[];
  org: GuidRef;
  subjectCodes: string[];
}

export interface ClassRecord extends Base {
  title: string;
  classCode: string;
  classType: 'homeroom' | 'scheduled';
  location: string;
  grades: string[];
  subjects: string[];
  course: GuidRef;
  school: GuidRef;
  terms: GuidRef[];
  subjectCodes: string[];
  periods: string[];
}

export type UserRole = 'administrator' | 'aide' | 'guardian' | 'parent' | 'proctor' | 'relative' | 'student' | 'teacher';

export interface UserRecord extends Base {
  username: string;
  userIds: { type: string; identifier: string }[];
  enabledUser: 'true' | 'false';
  givenName: string;
  familyName: string;
  middleName: string;
  role: UserRole;
  identifier: string;
  email: string;
  sms: string;
  phone: string;
  agents: GuidRef[];
  orgs: GuidRef[];
  grades: string[];
}

export interface EnrollmentRecord extends Base {
  user: GuidRef;
  class: GuidRef;
  school: GuidRef;
  role: 'student' | 'teacher';
  primary: 'true' | 'false';
  beginDate: string | null;
  endDate: string | null;
}

/** Fields each record type has: what `filter`, `sort` and `fields` may name (REST binding §3.4). */
const BASE_FIELDS = ['sourcedId', 'status', 'dateLastModified', 'metadata'] as const;
export const RECORD_FIELDS = {
  org: [...BASE_FIELDS, 'name', 'type', 'identifier', 'parent', 'children'],
  academicSession: [...BASE_FIELDS, 'title', 'type', 'startDate', 'endDate', 'parent', 'children', 'schoolYear'],
  course: [...BASE_FIELDS, 'title', 'schoolYear', 'courseCode', 'grades', 'subjects', 'org', 'subjectCodes'],
  class: [...BASE_FIELDS, 'title', 'classCode', 'classType', 'location', 'grades', 'subjects', 'course', 'school', 'terms', 'subjectCodes', 'periods'],
  user: [
    ...BASE_FIELDS,
    'username',
    'userIds',
    'enabledUser',
    'givenName',
    'familyName',
    'middleName',
    'role',
    'identifier',
    'email',
    'sms',
    'phone',
    'agents',
    'orgs',
    'grades',
  ],
  enrollment: [...BASE_FIELDS, 'user', 'class', 'school', 'role', 'primary', 'beginDate', 'endDate'],
} as const satisfies Record<string, readonly string[]>;

export type RecordType = keyof typeof RECORD_FIELDS;
