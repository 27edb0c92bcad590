import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.js';
import { textRows } from '../../db/queries/in-list.js';
import { syncPlanItems } from '../../db/schema/index.js';
import type { PlanItemDetails } from '../../db/schema/sync-plan.js';
import type { PlanItemRef } from './outcome.js';

export type PendingItem = PlanItemRef & { details: PlanItemDetails & { userName?: string } };

/** The batch's items still pending (a retried batch skips what an earlier attempt settled). */
export async function loadPendingItems(db: Database, runId: string, batch: number): Promise<PendingItem[]> {
  return pendingItemsQuery(db, runId, batch);
}

/**
 * loadPendingItems' query, read through sync_plan_items_batch_idx.
 * @internal exported for its tests as well (they read the plan the database makes of it)
 */
export function pendingItemsQuery(db: Database, runId: string, batch: number) {
  return db
    .select({
      seq: syncPlanItems.seq,
      op: syncPlanItems.op,
      resourceType: syncPlanItems.resourceType,
      sourceId: syncPlanItems.sourceId,
      details: syncPlanItems.details,
    })
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), eq(syncPlanItems.batch, batch), eq(syncPlanItems.status, 'pending')))
    .orderBy(asc(syncPlanItems.seq));
}

/**
 * SCIM ids (and userNames) of applied resources, by roster source id: one primary-key lookup
 * per key. Written as a lateral subquery with `limit 1`, which Postgres cannot fold into a
 * join, so each key is looked up on its own whatever the statistics say; an `in (…)` list
 * lets the planner scan every resource of the provider instead when its statistics date from
 * before the table filled (the first sync of a district analyzes scim_resources at plan time,
 * while it is still empty): at a million students that cost 0.3 s a lookup, some 2,000 times
 * longer than the lookups.
 */
export async function loadScimIds(
  db: Database,
  providerId: string,
  resourceType: 'User' | 'Group',
  sourceIds: readonly string[],
): Promise<Map<string, { scimId: string; userName: string | null }>> {
  if (sourceIds.length === 0) return new Map();
  const result = await db.execute(sql`select k.id as "sourceId", r.scim_id as "scimId", r.user_name as "userName"
    from ${textRows(sourceIds)} as k(id)
    cross join lateral (select scim_id, user_name from scim_resources r
      where r.provider_id = ${providerId}::uuid and r.resource_type = ${resourceType} and r.source_id = k.id limit 1) r`);
  return new Map(
    rowsOf<{ sourceId: string; scimId: string; userName: string | null }>(result).map((row) => [row.sourceId, { scimId: row.scimId, userName: row.userName }]),
  );
}
