import type { DistrictStore } from '../district/model.js';
import type { AcademicSessionRecord, ClassRecord, CourseRecord, EnrollmentRecord, OrgRecord, UserRecord } from './oneroster-records.js';
import { OneRosterRenderer } from './render-records.js';

/**
 * Every OneRoster record of the district, tombstones included, each list ascending by
 * sourcedId (the default order that keeps offset paging stable), plus the indexes the nested
 * routes need. Rendering a 10k-student district takes a while, so one snapshot is reused
 * until the store records a change.
 */
export interface DistrictSnapshot {
  orgs: OrgRecord[];
  academicSessions: AcademicSessionRecord[];
  courses: CourseRecord[];
  classes: ClassRecord[];
  users: UserRecord[];
  enrollments: EnrollmentRecord[];
  byId: {
    orgs: Map<string, OrgRecord>;
    academicSessions: Map<string, AcademicSessionRecord>;
    courses: Map<string, CourseRecord>;
    classes: Map<string, ClassRecord>;
    users: Map<string, UserRecord>;
    enrollments: Map<string, EnrollmentRecord>;
  };
  enrollmentsByClass: Map<string, EnrollmentRecord[]>;
  enrollmentsBySchool: Map<string, EnrollmentRecord[]>;
  enrollmentsByUser: Map<string, EnrollmentRecord[]>;
}

const byIdOf = <T extends { sourcedId: string }>(records: readonly T[]) => new Map(records.map((r) => [r.sourcedId, r]));
const bySourcedId = (a: { sourcedId: string }, b: { sourcedId: string }) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0);

function groupBy<T>(records: readonly T[], keyOf: (record: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const record of records) {
    const key = keyOf(record);
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  return groups;
}

function renderSnapshot(store: DistrictStore, renderer: OneRosterRenderer): DistrictSnapshot {
  const all = { includeDeleted: true };
  const schools = store.list('schools', all);
  const orgs = [renderer.district(schools), ...schools.map((s) => renderer.school(s))].sort(bySourcedId);
  const terms = store.list('terms', all);
  const academicSessions = terms.map((t) => renderer.term(t));
  const courses = store.list('courses', all).map((c) => renderer.course(c));
  const sections = store.list('sections', all);
  const classes = sections.map((s) => renderer.class(s));

  const simUsers = store.list('users', all);
  const agentsOf = new Map<string, string[]>();
  for (const user of simUsers) {
    for (const studentId of user.contact?.studentIds ?? []) {
      agentsOf.set(user.id, [...(agentsOf.get(user.id) ?? []), studentId]);
      agentsOf.set(studentId, [...(agentsOf.get(studentId) ?? []), user.id]);
    }
  }
  const users = simUsers.map((u) => renderer.user(u, agentsOf.get(u.id) ?? []));

  const termById = new Map(terms.map((t) => [t.id, t]));
  const termOfSection = new Map(sections.map((s) => [s.id, termById.get(s.termId)]));
  const enrollments = store.enrollments(all).map((e) => renderer.enrollment(e, termOfSection.get(e.sectionId)));

  return {
    orgs,
    academicSessions,
    courses,
    classes,
    users,
    enrollments,
    byId: {
      orgs: byIdOf(orgs),
      academicSessions: byIdOf(academicSessions),
      courses: byIdOf(courses),
      classes: byIdOf(classes),
      users: byIdOf(users),
      enrollments: byIdOf(enrollments),
    },
    enrollmentsByClass: groupBy(enrollments, (e) => e.class.sourcedId),
    enrollmentsBySchool: groupBy(enrollments, (e) => e.school.sourcedId),
    enrollmentsByUser: groupBy(enrollments, (e) => e.user.sourcedId),
  };
}

/**
 * Returns the current snapshot, re-rendering only when the store's change log has moved on
 * (a mutation through the control endpoint or directly on the store).
 */
export function createSnapshotSource(store: DistrictStore, apiBase: () => string): () => DistrictSnapshot {
  const renderer = new OneRosterRenderer(store, apiBase);
  let snapshot: DistrictSnapshot | undefined;
  let renderedAtSeq = -1;
  return () => {
    const seq = store.latestSeq();
    if (!snapshot || seq !== renderedAtSeq) {
      snapshot = renderSnapshot(store, renderer);
      renderedAtSeq = seq;
    }
    return snapshot;
  };
}
