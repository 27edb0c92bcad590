import type { RosterKind, RosterRecordByKind } from '../domain/roster.js';
import type { RosterBatch } from '../providers/types.js';
import { appliedKinds, scopeIsEmpty, type SyncScope } from '../domain/sync-scope.js';

/**
 * What a selective sync looks at, as record filters (the same as SQL, for the sweep:
 * src/db/queries/roster-scope.ts). Records outside the scope are neither written to the
 * mirror nor swept: a selective sync never deprovisions what it did not look at. Filters apply where a record has the attribute: a grade filter keeps staff (no grade).
 */
function inScope<K extends RosterKind>(kind: K, record: RosterRecordByKind[K], scope: SyncScope, sectionsInScope: ReadonlySet<string>): boolean {
  const schools = scope.schoolIds?.length ? new Set(scope.schoolIds) : undefined;
  const grades = scope.grades?.length ? new Set(scope.grades) : undefined;
  switch (kind) {
    case 'schools':
      return !schools || schools.has((record as RosterRecordByKind['schools']).sourceId);
    case 'users': {
      const user = record as RosterRecordByKind['users'];
      if (schools && !user.schoolIds.some((id) => schools.has(id))) return false;
      if (scope.roles?.length && !user.roles.some((role) => scope.roles!.includes(role))) return false;
      return !grades || !user.grade || grades.has(user.grade);
    }
    case 'sections': {
      const section = record as RosterRecordByKind['sections'];
      if (schools && !schools.has(section.schoolId)) return false;
      return !grades || !section.grade || grades.has(section.grade);
    }
    case 'enrollments':
      return sectionsInScope.has((record as RosterRecordByKind['enrollments']).sectionId);
    default:
      return true;
  }
}

/** Keeps the batch's records inside the scope and of the selected kinds. */
export function restrictBatch(batch: RosterBatch, scope: SyncScope | undefined, sectionsInScope: ReadonlySet<string>): RosterBatch {
  if (scopeIsEmpty(scope)) return batch;
  const kinds = appliedKinds(scope);
  const sections = new Set(sectionsInScope);
  for (const section of batch.sections ?? []) if (inScope('sections', section, scope!, sections)) sections.add(section.sourceId);
  const restricted: RosterBatch = { errors: batch.errors };
  for (const kind of kinds) {
    const records = batch[kind] as RosterRecordByKind[RosterKind][] | undefined;
    if (records) (restricted as Record<string, unknown>)[kind] = records.filter((record) => inScope(kind, record, scope!, sections));
  }
  return restricted;
}
