import { and, asc, eq, gte, max, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { sisStaging } from '../schema/index.js';

const INSERT_CHUNK = 1000;

/** One SIS record as fetched: its source id, the raw payload (transformed later) and the payload's hash. */
export interface StagedRecord {
  sourceId: string;
  payload: unknown;
  rawHash: string | null;
}

/**
 * Stores one fetched page for the run; re-staging the same page after a retry is a no-op.
 * The rows travel as one JSON parameter (jsonb_to_recordset): building a 1000-row VALUES
 * list through the query builder cost more CPU than Postgres spent inserting it.
 */
export async function stagePage(db: Database, runId: string, kind: string, page: number, records: ReadonlyArray<StagedRecord>): Promise<void> {
  for (let start = 0; start < records.length; start += INSERT_CHUNK) {
    const rows = records
      .slice(start, start + INSERT_CHUNK)
      .map((record) => ({ source_id: record.sourceId, payload: record.payload, raw_hash: record.rawHash }));
    await db.execute(sql`insert into sis_staging (run_id, kind, page, source_id, payload, raw_hash)
      select ${runId}::uuid, ${kind}, ${page}::int, r.source_id, r.payload, r.raw_hash
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, payload jsonb, raw_hash text)
      on conflict do nothing`);
  }
}

/** Staged records of one page, in source id order. */
export async function readStagedPage(db: Database, runId: string, kind: string, page: number): Promise<StagedRecord[]> {
  return db
    .select({ sourceId: sisStaging.sourceId, payload: sisStaging.payload, rawHash: sisStaging.rawHash })
    .from(sisStaging)
    .where(and(eq(sisStaging.runId, runId), eq(sisStaging.kind, kind), eq(sisStaging.page, page)))
    .orderBy(asc(sisStaging.sourceId));
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
