import type { DistrictStore, SimKind, SimRecordByKind } from './model.js';

/**
 * Cross-record rules a shape check cannot see: what a mutated record points at must exist and
 * be active, and a person appears at most once per section (a teacher-and-student double entry
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
    for (const id of section.teacherIds) requireActive('users', id, 'teacherIds[]');
    for (const id of section.studentIds) requireActive('users', id, 'studentIds[]');
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
