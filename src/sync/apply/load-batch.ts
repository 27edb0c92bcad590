import { and, asc, eq, sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../../db/database.js';
import { syncPlanItems } from '../../db/schema/index.js';
import type { PlanItemDetails } from '../../db/schema/sync-plan.js';
import type { PlanItemRef } from './outcome.js';

export type PendingItem = PlanItemRef & { details: PlanItemDetails & { userName?: string } };

/** The batch's items still pending (a retried batch skips what an earlier attempt settled). */
export async function loadPendingItems(db: Database, runId: string, batch: number): Promise<PendingItem[]> {
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

/** SCIM ids (and userNames) of applied resources, by roster source id. */
export async function loadScimIds(
  db: Database,
  providerId: string,
  resourceType: 'User' | 'Group',
  sourceIds: readonly string[],
): Promise<Map<string, { scimId: string; userName: string | null }>> {
  const result = new Map<string, { scimId: string; userName: string | null }>();
  if (sourceIds.length === 0) return result;
  // The keys travel as one JSON parameter: a membership batch asks for thousands of users.
  const rows = rowsOf<{ source_id: string; scim_id: string; user_name: string | null }>(
    await db.execute(sql`select source_id, scim_id, user_name from scim_resources
      where provider_id = ${providerId}::uuid and resource_type = ${resourceType}
        and source_id in (select jsonb_array_elements_text(${JSON.stringify(sourceIds)}::jsonb))`),
  );
  for (const row of rows) result.set(row.source_id, { scimId: row.scim_id, userName: row.user_name });
  return result;
}
