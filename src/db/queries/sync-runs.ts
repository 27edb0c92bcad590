import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { Database } from '../database.js';
import { syncRuns, type SyncRunStatus } from '../schema/index.js';

export type SyncRunRow = typeof syncRuns.$inferSelect;

export interface SyncRunQuery {
  tenantId: string;
  providerId?: string;
  status?: SyncRunStatus;
  limit: number;
  offset: number;
}

/** Runs newest first. */
export function listSyncRuns(db: Database, query: SyncRunQuery): Promise<SyncRunRow[]> {
  const conditions: SQL[] = [eq(syncRuns.tenantId, query.tenantId)];
  if (query.providerId) conditions.push(eq(syncRuns.providerId, query.providerId));
  if (query.status) conditions.push(eq(syncRuns.status, query.status));
  return db
    .select()
    .from(syncRuns)
    .where(and(...conditions))
    .orderBy(desc(syncRuns.startedAt), desc(syncRuns.id))
    .limit(query.limit)
    .offset(query.offset);
}

export async function latestSyncRun(db: Database, tenantId: string, providerId: string): Promise<SyncRunRow | undefined> {
  const [row] = await listSyncRuns(db, { tenantId, providerId, limit: 1, offset: 0 });
  return row;
}

export async function getSyncRun(db: Database, tenantId: string, runId: string): Promise<SyncRunRow | undefined> {
  const [row] = await db
    .select()
    .from(syncRuns)
    .where(and(eq(syncRuns.tenantId, tenantId), eq(syncRuns.id, runId)));
  return row;
}
