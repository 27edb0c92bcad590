import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import { syncPlanItems, syncPlanParts, type PlanPartKind } from '../schema/index.js';
import { seenByRun } from './sync-seen-keys.js';

/**
 * Which mirror rows a run plans. Full: every row (the mirror holds the whole roster, and
 * rows the sweep just marked deleted are among them). Selective: the rows it saw, plus what it
 * marked deleted. Incremental and webhook runs: only what they changed, so their cost follows
 * the change, not the district.
 */
export interface PlanReach {
  runId: string;
  providerId: string;
  mode: 'full' | 'incremental';
  scoped: boolean;
}

/** Mirror rows `m` of a kind this run plans (users and sections as resources). */
export function reachedRows(reach: PlanReach, kind: 'users' | 'sections'): SQL {
  if (reach.mode === 'incremental') return sql`m.changed_run_id = ${reach.runId}::uuid`;
  if (!reach.scoped) return sql`true`;
  return sql`(m.deleted_run_id = ${reach.runId}::uuid or ${seenByRun(reach.runId, kind, sql`m.source_id`)})`;
}

/**
 * Present sections `m` whose membership this run diffs: those whose membership may have moved
 * in this run (the section itself, one of its enrollments, or one of its members changed).
 * A full, unscoped run adds the groups not applied yet and those whose applied members are
 * unsettled (scim_unsettled_members: a patch planned and not applied, or a record corrected
 * from the target), so a resync that changed nothing diffs no section, yet every difference
 * between the mirror and the record of members has one of these causes.
 */
export function reachedSections(reach: PlanReach): SQL {
  if (reach.mode === 'full' && reach.scoped) return reachedRows(reach, 'sections');
  // Built from the run's changed rows (by index), never by visiting every section.
  const moved = sql`m.source_id in (
    select c.source_id from roster_records c where c.provider_id = ${reach.providerId}::uuid and c.kind = 'sections' and c.changed_run_id = ${reach.runId}::uuid
    union
    select c.data->>'sectionId' from roster_records c where c.provider_id = ${reach.providerId}::uuid and c.kind = 'enrollments' and c.changed_run_id = ${reach.runId}::uuid
    union
    select e.data->>'sectionId' from roster_records u
      join roster_records e on e.provider_id = u.provider_id and e.kind = 'enrollments' and e.data->>'userId' = u.source_id
      where u.provider_id = ${reach.providerId}::uuid and u.kind = 'users' and u.changed_run_id = ${reach.runId}::uuid)`;
  if (reach.mode === 'incremental') return moved;
  // Cheapest tests first: on a first sync every section is changed, and the rest is never evaluated.
  return sql`(m.changed_run_id = ${reach.runId}::uuid
    or not exists (select 1 from scim_resources a where a.provider_id = m.provider_id and a.resource_type = 'Group' and a.source_id = m.source_id)
    or exists (select 1 from scim_unsettled_members s where s.provider_id = m.provider_id and s.group_source_id = m.source_id)
    or ${moved})`;
}

/** The parts are only needed while the run plans. */
export async function clearPlanParts(db: Database, runId: string): Promise<void> {
  await db.delete(syncPlanParts).where(eq(syncPlanParts.runId, runId));
}

/** Forgets an earlier plan of the run: re-planning replaces it. */
export async function clearPlan(db: Database, runId: string): Promise<void> {
  await db.delete(syncPlanItems).where(eq(syncPlanItems.runId, runId));
  await db.delete(syncPlanParts).where(eq(syncPlanParts.runId, runId));
}

/**
 * Cuts the run's planning into parts of at most `partSize` keys, in key order, and returns
 * how many there are. Only the boundaries are written; the keys stay where they are.
 */
export async function dividePlan(db: Database, reach: PlanReach, partSize: number): Promise<number> {
  let parts = 0;
  const divide = async (kind: PlanPartKind, rows: SQL) => {
    const result = await db.execute(sql`insert into sync_plan_parts (run_id, part, kind, low_key, high_key)
      select ${reach.runId}::uuid, ${parts}::int + bucket, ${kind}, min(source_id), max(source_id)
      from (select source_id, (row_number() over (order by source_id) - 1) / ${partSize}::int as bucket from (${rows}) keys) numbered
      group by bucket
      returning part`);
    parts += rowsOf(result).length;
  };
  const mirror = (kind: 'users' | 'sections', predicate: SQL) =>
    sql`select m.source_id from roster_records m where m.provider_id = ${reach.providerId}::uuid and m.kind = ${kind} and ${predicate}`;
  await divide('users', mirror('users', reachedRows(reach, 'users')));
  await divide('groups', mirror('sections', reachedRows(reach, 'sections')));
  await divide('members', mirror('sections', sql`m.deleted_run_id is null and ${reachedSections(reach)}`));
  // Last, so its items (however many) number after every other part's.
  if (reach.mode === 'full' && !reach.scoped) {
    await db.insert(syncPlanParts).values({ runId: reach.runId, part: parts, kind: 'orphans', lowKey: '', highKey: '' });
    parts += 1;
  }
  return parts;
}

export async function loadPlanPart(db: Database, runId: string, part: number): Promise<{ kind: PlanPartKind; lowKey: string; highKey: string }> {
  const [row] = await db
    .select({ kind: syncPlanParts.kind, lowKey: syncPlanParts.lowKey, highKey: syncPlanParts.highKey })
    .from(syncPlanParts)
    .where(and(eq(syncPlanParts.runId, runId), eq(syncPlanParts.part, part)));
  if (!row) throw new Error(`plan part ${part} of run ${runId} does not exist`);
  return row;
}
