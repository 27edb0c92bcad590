import type { DistrictSnapshot } from './district-snapshot.js';
import type { ClassRecord, EnrollmentRecord, UserRecord } from './oneroster-records.js';
import type { CollectionName } from './collections.js';

/**
 * The "…for X" endpoints of the 1.1 REST binding (§2.x: getClassesForSchool,
 * getStudentsForClass, getEnrollmentsForSchool, …). Each names the parent collection that
 * must hold `parentId` (404 otherwise) and the collection whose envelope and fields it answers with.
 * Membership comes from active enrollments: a dropped student is no longer "in" a class.
 */
export interface NestedRoute {
  path: string;
  parent: CollectionName;
  child: CollectionName;
  records(snapshot: DistrictSnapshot, parentId: string, secondId?: string): readonly object[];
}

const bySourcedId = (a: { sourcedId: string }, b: { sourcedId: string }) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0);
const activeEnrollments = (list: readonly EnrollmentRecord[] | undefined) => (list ?? []).filter((e) => e.status === 'active');

function usersOfClass(snapshot: DistrictSnapshot, classId: string, role: 'student' | 'teacher'): UserRecord[] {
  return activeEnrollments(snapshot.enrollmentsByClass.get(classId))
    .filter((e) => e.role === role)
    .map((e) => snapshot.byId.users.get(e.user.sourcedId))
    .filter((u): u is UserRecord => u !== undefined)
    .sort(bySourcedId);
}

function classesOfUser(snapshot: DistrictSnapshot, userId: string, role?: 'student' | 'teacher'): ClassRecord[] {
  return activeEnrollments(snapshot.enrollmentsByUser.get(userId))
    .filter((e) => role === undefined || e.role === role)
    .map((e) => snapshot.byId.classes.get(e.class.sourcedId))
    .filter((c): c is ClassRecord => c !== undefined)
    .sort(bySourcedId);
}

const usersOfSchool = (snapshot: DistrictSnapshot, schoolId: string, role: 'student' | 'teacher') =>
  snapshot.users.filter((u) => u.role === role && u.orgs.some((o) => o.sourcedId === schoolId));

export const NESTED_ROUTES: NestedRoute[] = [
  { path: '/schools/:id/classes', parent: 'schools', child: 'classes', records: (s, id) => s.classes.filter((c) => c.school.sourcedId === id) },
  { path: '/schools/:id/enrollments', parent: 'schools', child: 'enrollments', records: (s, id) => s.enrollmentsBySchool.get(id) ?? [] },
  { path: '/schools/:id/students', parent: 'schools', child: 'users', records: (s, id) => usersOfSchool(s, id, 'student') },
  { path: '/schools/:id/teachers', parent: 'schools', child: 'users', records: (s, id) => usersOfSchool(s, id, 'teacher') },
  // Terms and courses are district-wide in this district, so every school sees all of them.
  { path: '/schools/:id/terms', parent: 'schools', child: 'academicSessions', records: (s) => s.academicSessions },
  { path: '/schools/:id/courses', parent: 'schools', child: 'courses', records: (s) => s.courses },
  {
    path: '/schools/:id/classes/:classId/enrollments',
    parent: 'schools',
    child: 'enrollments',
    records: (s, id, classId) => (s.enrollmentsByClass.get(classId ?? '') ?? []).filter((e) => e.school.sourcedId === id),
  },
  {
    path: '/schools/:id/classes/:classId/students',
    parent: 'schools',
    child: 'users',
    records: (s, _id, classId) => usersOfClass(s, classId ?? '', 'student'),
  },
  {
    path: '/schools/:id/classes/:classId/teachers',
    parent: 'schools',
    child: 'users',
    records: (s, _id, classId) => usersOfClass(s, classId ?? '', 'teacher'),
  },
  { path: '/classes/:id/students', parent: 'classes', child: 'users', records: (s, id) => usersOfClass(s, id, 'student') },
  { path: '/classes/:id/teachers', parent: 'classes', child: 'users', records: (s, id) => usersOfClass(s, id, 'teacher') },
  { path: '/terms/:id/classes', parent: 'terms', child: 'classes', records: (s, id) => s.classes.filter((c) => c.terms.some((t) => t.sourcedId === id)) },
  { path: '/courses/:id/classes', parent: 'courses', child: 'classes', records: (s, id) => s.classes.filter((c) => c.course.sourcedId === id) },
  { path: '/users/:id/classes', parent: 'users', child: 'classes', records: (s, id) => classesOfUser(s, id) },
  { path: '/students/:id/classes', parent: 'students', child: 'classes', records: (s, id) => classesOfUser(s, id, 'student') },
  { path: '/teachers/:id/classes', parent: 'teachers', child: 'classes', records: (s, id) => classesOfUser(s, id, 'teacher') },
];
