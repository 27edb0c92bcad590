import type { RosterKind, RosterRole } from './roster.js';

type SelectableEntity = 'schools' | 'users' | 'sections' | 'enrollments';

/** Restricts a selective sync; the deprovision sweep stays inside this scope. */
export interface SyncScope {
  entities?: SelectableEntity[];
  schoolIds?: string[];
  roles?: RosterRole[];
  grades?: string[];
}

export function scopeIsEmpty(scope: SyncScope | undefined): boolean {
  return !scope || (!scope.entities?.length && !scope.schoolIds?.length && !scope.roles?.length && !scope.grades?.length);
}

/** Canonical kinds a scope applies (terms and courses are always kept: groups are named from them). */
export function appliedKinds(scope: SyncScope | undefined): RosterKind[] {
  const entities: readonly SelectableEntity[] = scope?.entities?.length ? scope.entities : ['schools', 'users', 'sections', 'enrollments'];
  return ['terms', 'courses', ...(['schools', 'users', 'sections', 'enrollments'] as const).filter((kind) => entities.includes(kind))];
}

/**
 * The provider's fetch kinds this scope needs. Clever has no enrollment collection: its
 * enrollments arrive with sections, so selecting enrollments fetches sections.
 */
export function kindsToFetch(fetchKinds: readonly RosterKind[], scope: SyncScope | undefined): RosterKind[] {
  const applied = appliedKinds(scope);
  return fetchKinds.filter((kind) => applied.includes(kind) || (kind === 'sections' && applied.includes('enrollments') && !fetchKinds.includes('enrollments')));
}
