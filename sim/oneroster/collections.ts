import type { DistrictSnapshot } from './district-snapshot.js';
import { RECORD_FIELDS, type RecordType, type UserRecord } from './oneroster-records.js';

/**
 * The rostering collections of the 1.1 REST binding (§2, service endpoints). `schools` and
 * `terms`, `students` and `teachers` are typed views of `orgs`, `academicSessions` and `users`,
 * and answer with the envelope of the underlying type (`{orgs:[…]}`, `{org:{…}}`).
 */
export interface CollectionView {
  /** JSON envelope keys: plural for lists, singular for one record. */
  plural: string;
  singular: string;
  recordType: RecordType;
  fields: readonly string[];
  records(snapshot: DistrictSnapshot): readonly object[];
  byId(snapshot: DistrictSnapshot, id: string): object | undefined;
}

const memo = new WeakMap<DistrictSnapshot, Map<string, readonly object[]>>();

/** Typed views are filtered once per snapshot, not once per page. */
function memoized(name: string, compute: (snapshot: DistrictSnapshot) => readonly object[]) {
  return (snapshot: DistrictSnapshot) => {
    const cache = memo.get(snapshot) ?? new Map<string, readonly object[]>();
    memo.set(snapshot, cache);
    const hit = cache.get(name);
    if (hit) return hit;
    const computed = compute(snapshot);
    cache.set(name, computed);
    return computed;
  };
}

function view<T extends RecordType>(
  plural: string,
  singular: string,
  recordType: T,
  records: (snapshot: DistrictSnapshot) => readonly object[],
  byId: (snapshot: DistrictSnapshot, id: string) => object | undefined,
): CollectionView {
  return { plural, singular, recordType, fields: RECORD_FIELDS[recordType], records, byId };
}

const userWithRole = (role: UserRecord['role']) => (snapshot: DistrictSnapshot, id: string) => {
  const user = snapshot.byId.users.get(id);
  return user?.role === role ? user : undefined;
};

export const COLLECTIONS = {
  orgs: view(
    'orgs',
    'org',
    'org',
    (s) => s.orgs,
    (s, id) => s.byId.orgs.get(id),
  ),
  schools: view(
    'orgs',
    'org',
    'org',
    memoized('schools', (s) => s.orgs.filter((o) => o.type === 'school')),
    (s, id) => {
      const org = s.byId.orgs.get(id);
      return org?.type === 'school' ? org : undefined;
    },
  ),
  academicSessions: view(
    'academicSessions',
    'academicSession',
    'academicSession',
    (s) => s.academicSessions,
    (s, id) => s.byId.academicSessions.get(id),
  ),
  terms: view(
    'academicSessions',
    'academicSession',
    'academicSession',
    (s) => s.academicSessions,
    (s, id) => s.byId.academicSessions.get(id),
  ),
  courses: view(
    'courses',
    'course',
    'course',
    (s) => s.courses,
    (s, id) => s.byId.courses.get(id),
  ),
  classes: view(
    'classes',
    'class',
    'class',
    (s) => s.classes,
    (s, id) => s.byId.classes.get(id),
  ),
  users: view(
    'users',
    'user',
    'user',
    (s) => s.users,
    (s, id) => s.byId.users.get(id),
  ),
  students: view(
    'users',
    'user',
    'user',
    memoized('students', (s) => s.users.filter((u) => u.role === 'student')),
    userWithRole('student'),
  ),
  teachers: view(
    'users',
    'user',
    'user',
    memoized('teachers', (s) => s.users.filter((u) => u.role === 'teacher')),
    userWithRole('teacher'),
  ),
  enrollments: view(
    'enrollments',
    'enrollment',
    'enrollment',
    (s) => s.enrollments,
    (s, id) => s.byId.enrollments.get(id),
  ),
} satisfies Record<string, CollectionView>;

export type CollectionName = keyof typeof COLLECTIONS;
