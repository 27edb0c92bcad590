import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../database.js';
import { syncPlanItems } from '../schema/index.js';

export type SyncPlanItemRow = typeof syncPlanItems.$inferSelect;

/** A run's plan in apply order: its change report. */
export function listPlanItems(db: Database, runId: string): Promise<SyncPlanItemRow[]> {
  return db.select().from(syncPlanItems).where(eq(syncPlanItems.runId, runId)).orderBy(asc(syncPlanItems.seq));
}

/** Deprovisions held for approval (the deletion-safety gate). */
export function listHeldItems(db: Database, runId: string): Promise<SyncPlanItemRow[]> {
  return db
    .select()
    .from(syncPlanItems)
    .where(and(eq(syncPlanItems.runId, runId), eq(syncPlanItems.status, 'held')))
    .orderBy(asc(syncPlanItems.seq));
}
