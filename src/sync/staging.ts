import { and, asc, eq, gte, max } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { sisStaging } from '../db/schema/index.js';
import type { RawRecord } from '../providers/types.js';

const INSERT_CHUNK = 1000;

/** Stores one fetched page for the run; re-staging the same page after a retry is a no-op. */
export async function stagePage(db: Database, runId: string, kind: string, page: number, records: readonly RawRecord[]): Promise<void> {
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    const rows = records.slice(start, start + INSERT_CHUNK).map((record) => ({ runId, kind, page, sourceId: record.sourceId, payload: record.payload }));
    await db.insert(sisStaging).values(rows).onConflictDoNothing();
  }
}

/** Staged payloads of one page, in source id order. */
export async function readStagedPage(db: Database, runId: string, kind: string, page: number): Promise<unknown[]> {
  const rows = await db
    .select({ payload: sisStaging.payload })
    .from(sisStaging)
    .where(and(eq(sisStaging.runId, runId), eq(sisStaging.kind, kind), eq(sisStaging.page, page)))
    .orderBy(asc(sisStaging.sourceId));
  return rows.map((row) => row.payload);
}

/** Highest staged page number of a kind (-1 when none), so transform knows where to stop. */
export async function lastStagedPage(db: Database, runId: string, kind: string, fromPage = 0): Promise<number> {
  const [row] = await db
    .select({ last: max(sisStaging.page) })
    .from(sisStaging)
    .where(and(eq(sisStaging.runId, runId), eq(sisStaging.kind, kind), gte(sisStaging.page, fromPage)));
  return row?.last ?? -1;
}

export async function clearStaging(db: Database, runId: string): Promise<void> {
  await db.delete(sisStaging).where(eq(sisStaging.runId, runId));
}
