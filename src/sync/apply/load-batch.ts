import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../db/database.js';
import { scimResources, syncPlanItems } from '../../db/schema/index.js';
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
  for (let start = 0; start < sourceIds.length; start += 1000) {
    const rows = await db
      .select({ sourceId: scimResources.sourceId, scimId: scimResources.scimId, userName: scimResources.userName })
      .from(scimResources)
      .where(
        and(
          eq(scimResources.providerId, providerId),
          eq(scimResources.resourceType, resourceType),
          inArray(scimResources.sourceId, sourceIds.slice(start, start + 1000)),
        ),
      );
    for (const row of rows) result.set(row.sourceId, { scimId: row.scimId, userName: row.userName });
  }
  return result;
}
