import { sql, type SQL } from 'drizzle-orm';
import type { RosterKind } from '../../domain/roster.js';
import { scopeIsEmpty, type SyncScope } from '../../domain/sync-scope.js';

/**
 * A selective sync's scope as a SQL predicate on roster_records rows of one kind (for the
 * sweep); the same filters as restrictBatch applies to records (src/sync/scope-filter.ts).
 */
export function scopePredicate(kind: RosterKind, scope: SyncScope | undefined): SQL | undefined {
  if (scopeIsEmpty(scope)) return undefined;
  const textArray = (values: readonly string[]) =>
    sql`array[${sql.join(
      values.map((value) => sql`${value}`),
      sql`, `,
    )}]::text[]`;
  const parts: SQL[] = [];
  const schools = scope?.schoolIds?.length ? scope.schoolIds : undefined;
  const grades = scope?.grades?.length ? scope.grades : undefined;
  if (kind === 'schools' && schools) parts.push(sql`source_id = any(${textArray(schools)})`);
  if (kind === 'users') {
    if (schools) parts.push(sql`data->'schoolIds' ?| ${textArray(schools)}`);
    if (scope?.roles?.length) parts.push(sql`data->'roles' ?| ${textArray(scope.roles)}`);
    if (grades) parts.push(sql`(data->>'grade' is null or data->>'grade' = any(${textArray(grades)}))`);
  }
  if (kind === 'sections') {
    if (schools) parts.push(sql`data->>'schoolId' = any(${textArray(schools)})`);
    if (grades) parts.push(sql`(data->>'grade' is null or data->>'grade' = any(${textArray(grades)}))`);
  }
  if (kind === 'enrollments' && (schools || grades)) {
    const sectionFilter = scopePredicate('sections', scope);
    parts.push(
      sql`data->>'sectionId' in (select s.source_id from roster_records s where s.provider_id = roster_records.provider_id and s.kind = 'sections' and ${sectionFilter ?? sql`true`})`,
    );
  }
  return parts.length ? sql.join(parts, sql` and `) : undefined;
}
