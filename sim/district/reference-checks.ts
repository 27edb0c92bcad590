import type { DistrictStore, SimKind, SimRecordByKind } from './model.js';

/**
 * Cross-record rules a shape check cannot see: what a mutated record points at must exist and
 * be active (section members holding the matching role), and a person appears at most once per section (a teacher-and-student double entry
 * would give one enrollment id two meanings). Returns problems as readable sentences.
 */
export function checkReferences<K extends SimKind>(store: DistrictStore, kind: K, record: SimRecordByKind[K]): string[] {
  const problems: string[] = [];
  const requireActive = (refKind: SimKind, id: string, field: string): void => {
    if (store.get(refKind, id)?.status !== 'active') problems.push(`${field} ${id} is not an active ${refKind} record`);
  };
  if (kind === 'sections') {
    const section = record as SimRecordByKind['sections'];
    requireActive('schools', section.schoolId, 'schoolId');
    requireActive('courses', section.courseId, 'courseId');
    requireActive('terms', section.termId, 'termId');
    const requireRole = (id: string, role: 'teacher' | 'student', field: string): void => {
      const user = store.get('users', id);
      if (user?.status !== 'active') problems.push(`${field} ${id} is not an active users record`);
      else if (!user.roles.includes(role)) problems.push(`${field} ${id} does not have the ${role} role`);
    };
    for (const id of section.teacherIds) requireRole(id, 'teacher', 'teacherIds[]');
    for (const id of section.studentIds) requireRole(id, 'student', 'studentIds[]');
    const members = [...section.teacherIds, ...section.studentIds];
    if (new Set(members).size !== members.length) problems.push('a user appears more than once in teacherIds/studentIds');
  }
  if (kind === 'users') {
    const user = record as SimRecordByKind['users'];
    for (const id of user.schoolIds) requireActive('schools', id, 'schoolIds[]');
    if (new Set(user.schoolIds).size !== user.schoolIds.length) problems.push('schoolIds contains a duplicate');
    for (const id of user.contact?.studentIds ?? []) requireActive('users', id, 'contact.studentIds[]');
  }
  return problems;
}
