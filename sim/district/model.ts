/**
 * The simulated district: the single source of truth both SIS simulators render from.
 * Provider-neutral and richer than the canonical roster (it carries what Clever and
 * OneRoster show but the bridge ignores: contacts, dob, timestamps), so each simulator can
 * produce faithful payloads and tests can derive the canonical roster they expect.
 *
 * Cross-provider contract — how each simulator renders these, so that the Clever client and
 * the ClassLink client transform one district into EQUAL canonical records (src/domain/roster.ts):
 * - ids: the same `id` is Clever's `id` and OneRoster's `sourcedId` (24 lowercase hex chars).
 * - roles: `district_admin` ↔ OneRoster role `administrator` whose orgs include the district org;
 *   `staff` ↔ OneRoster `administrator` with school orgs only; `teacher`/`student` ↔ same name;
 *   `contact` ↔ OneRoster `parent`/`guardian`/`relative` (contacts never become canonical users).
 *   OneRoster 1.1 has one role per user, so a teacher who is also a district admin is
 *   `administrator` there and gains `teacher` from their teacher enrollments; the canonical
 *   roles of a user are the union (student, teacher, staff, administrator).
 * - grades: stored here as CEDS codes (PK, KG, 01..12); Clever shows its own vocabulary
 *   (PreKindergarten, Kindergarten, 1..12), OneRoster the CEDS code in `grades[]`.
 * - schools of a user: `schoolIds[0]` is the primary school (Clever `school`, OneRoster first
 *   org of type school); canonical order is primary first, then the rest ascending by id.
 * - section: Clever `name`/`period`/`subject`/`teacher`+`teachers`/`students`;
 *   OneRoster class `title`/`periods[0]`/`subjects[0]`/enrollments with `primary`.
 * - course: Clever `name`/`number`; OneRoster `title`/`courseCode`; courses are district-wide.
 *   The district's course `subject` is rendered by OneRoster (`subjects[0]`) but is NOT
 *   canonical: Clever's Course has no subject, so RosterCourse carries none (sections do).
 * - school: Clever `name`/`school_number`; OneRoster org `name`/`identifier`.
 * - term: Clever term `name`/`start_date`/`end_date`; OneRoster academicSession type `term`.
 * - (added) user `sisId`: `student.studentNumber`, else `teacher.teacherNumber`, else
 *   `staff.staffId` (first present); OneRoster `identifier`, Clever the role's sis_id/staff_id.
 * - (added) the canonical contract carries only what BOTH providers can express. Clever's
 *   DistrictAdmin has no credentials and no staff id, so a person whose only role is
 *   `district_admin` has no canonical `username` and no `sisId`: the generator gives such a
 *   person neither `username` nor `staff` (OneRoster then renders `username: ''` and
 *   `identifier: ''`), and expectedRoster() omits both for them regardless. A teacher who is
 *   also a district admin keeps the teacher's username and teacherNumber (Clever: the teacher
 *   role's credentials/teacher_number; OneRoster: the administrator's username/identifier).
 * - (added) optional canonical fields are absent when the district value is absent or '';
 *   contacts and records with status `tobedeleted` never appear. `expectedRoster()` in
 *   sim/district/expected-roster.ts is the executable form of this contract.
 */

export type SimRole = 'student' | 'teacher' | 'staff' | 'district_admin' | 'contact';
export type SimStatus = 'active' | 'tobedeleted';
export type SchoolLevel = 'elementary' | 'middle' | 'high';

/** Every record carries these so deltas (OneRoster) and events (Clever) can be produced. */
export interface SimRecordMeta {
  id: string;
  /** ISO-8601 timestamps. */
  created: string;
  lastModified: string;
  /** Deleted records stay as `tobedeleted` tombstones so OneRoster deltas can see them. */
  status: SimStatus;
}

export interface SimDistrictInfo {
  id: string;
  name: string;
  /** Email domain of the district, e.g. `springfield.k12.example`. */
  emailDomain: string;
}

export interface SimSchool extends SimRecordMeta {
  name: string;
  schoolNumber: string;
  level: SchoolLevel;
  /** CEDS grade codes. */
  lowGrade: string;
  highGrade: string;
}

export interface SimTerm extends SimRecordMeta {
  name: string;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
}

export interface SimCourse extends SimRecordMeta {
  name: string;
  number: string;
  subject: string;
}

export interface SimName {
  first: string;
  middle?: string;
  last: string;
}

export interface SimUser extends SimRecordMeta {
  name: SimName;
  roles: SimRole[];
  /** Primary school first. Empty for district admins who teach nowhere and for contacts. */
  schoolIds: string[];
  email?: string;
  username?: string;
  student?: {
    studentNumber: string;
    stateId: string;
    grade: string;
    /** MM/DD/YYYY as Clever shows it. */
    dob: string;
    gender: 'M' | 'F' | 'X' | '';
    graduationYear: string;
  };
  teacher?: { teacherNumber: string; title: string };
  staff?: { staffId: string; title: string; department: string };
  contact?: { studentIds: string[]; relationship: 'Parent' | 'Grandparent' | 'Aunt/Uncle' | 'Sibling' | 'Other'; phone: string };
}

export interface SimSection extends SimRecordMeta {
  name: string;
  schoolId: string;
  courseId: string;
  termId: string;
  period: string;
  /** One of Clever's section subject enum values. */
  subject: string;
  grade: string;
  /** Primary teacher first. */
  teacherIds: string[];
  studentIds: string[];
}

export interface SimDistrict {
  district: SimDistrictInfo;
  schools: SimSchool[];
  terms: SimTerm[];
  courses: SimCourse[];
  users: SimUser[];
  sections: SimSection[];
}

export type SimKind = 'schools' | 'terms' | 'courses' | 'users' | 'sections';

export interface SimRecordByKind {
  schools: SimSchool;
  terms: SimTerm;
  courses: SimCourse;
  users: SimUser;
  sections: SimSection;
}

/** One change to the district, in order; Clever renders it as an event, OneRoster as a delta. */
export interface SimChange {
  /** Increasing sequence number (Clever event ids are derived from it). */
  seq: number;
  at: string;
  kind: SimKind;
  type: 'created' | 'updated' | 'deleted';
  /** The record after the change (for `deleted`: the record as it was, status tobedeleted). */
  record: SimRecordByKind[SimKind];
  /** For `updated`: the record before the change (Clever's `previous_attributes`). */
  previous?: SimRecordByKind[SimKind];
}

/**
 * One person in one section, tracked by the store so OneRoster can serve `enrollments` with
 * their own sourcedId, dateLastModified and `tobedeleted` tombstones. Clever has no
 * enrollment objects: it shows them as section `students`/`teachers` arrays.
 */
export interface SimEnrollment extends SimRecordMeta {
  sectionId: string;
  userId: string;
  role: 'student' | 'teacher';
  primary: boolean;
  schoolId: string;
}

/**
 * A new record of any one kind without the fields the store stamps. (Added: the original
 * `Omit<union>` only kept the keys common to all kinds, so a literal user could not be written.)
 */
type SimCreateRecord = { [K in SimKind]: Omit<SimRecordByKind[K], 'created' | 'lastModified' | 'status'> }[SimKind];

/** A mutation the simulators' control endpoints accept (JSON body of `POST /control/mutate`). */
export type SimMutation =
  | { op: 'create'; kind: SimKind; record: Omit<SimRecordByKind[SimKind], 'created' | 'lastModified' | 'status'> | SimCreateRecord }
  | { op: 'update'; kind: SimKind; id: string; patch: Record<string, unknown> }
  | { op: 'delete'; kind: SimKind; id: string }
  | { op: 'enroll'; sectionId: string; userId: string; role: 'student' | 'teacher' }
  | { op: 'unenroll'; sectionId: string; userId: string };

/**
 * The in-memory district both simulators serve (implemented in sim/district/store.ts).
 * Listing is ascending by id, active records only unless `includeDeleted` (OneRoster deltas).
 */
export interface DistrictStore {
  readonly info: SimDistrictInfo;
  list<K extends SimKind>(kind: K, options?: { includeDeleted?: boolean }): readonly SimRecordByKind[K][];
  get<K extends SimKind>(kind: K, id: string): SimRecordByKind[K] | undefined;
  enrollments(options?: { includeDeleted?: boolean }): readonly SimEnrollment[];
  /** Applies a mutation, bumps lastModified, appends SimChange(s) (an enroll is a section update). */
  mutate(mutation: SimMutation): SimChange[];
  /** Changes with seq > afterSeq, oldest first, at most `limit`. */
  changesAfter(afterSeq: number, limit: number): readonly SimChange[];
  /** Oldest change still retained (Clever keeps 30 days); undefined when none. */
  oldestRetainedSeq(): number | undefined;
  /** The last seq ever assigned (0 before any change), even once expired: a full sync's starting event cursor. */
  latestSeq(): number;
  /** Drops changes older than the retention window relative to `now` (default 30 days). */
  expireChanges(now: Date, retentionDays?: number): void;
}
