import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rosterRecords } from '../schema/index.js';
import type { RosterKind, RosterRecordByKind } from '../../domain/roster.js';

/**
 * The roster mirror (`roster_records`): canonical records as last read from the SIS, each user
 * and section with the hash of its desired SCIM document.
 */

const READ_CHUNK = 1000;

/** Which run writes to which provider's mirror. */
export interface MirrorScope {
  tenantId: string;
  providerId: string;
  runId: string;
}

/** One canonical record as the mirror stores it. */
export interface MirrorRow {
  source_id: string;
  data: unknown;
  hash: string;
  desired_hash: string | null;
}

/**
 * Writes rows of one kind. Only rows that changed (content, desired document, or coming back
 * from deletion) are rewritten, marked as changed by this run; the rest stay untouched, so a
 * run that finds nothing new costs reads, not writes. The rows travel as one JSON parameter
 * (jsonb_to_recordset) instead of a 1000-row VALUES list: the query builder's cost per bound
 * value was the transform's largest CPU item.
 */
export async function writeMirrorRows(db: Database, scope: MirrorScope, kind: RosterKind, rows: readonly MirrorRow[]): Promise<void> {
  await db.execute(sql`insert into roster_records (provider_id, tenant_id, kind, source_id, data, hash, desired_hash, changed_run_id)
    select ${scope.providerId}::uuid, ${scope.tenantId}, ${kind}, r.source_id, r.data, r.hash, r.desired_hash, ${scope.runId}::uuid
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, data jsonb, hash text, desired_hash text)
    on conflict (provider_id, kind, source_id) do update
    set data = excluded.data, hash = excluded.hash, desired_hash = excluded.desired_hash,
      changed_run_id = excluded.changed_run_id, tenant_id = excluded.tenant_id, deleted_run_id = null, updated_at = now()
    where roster_records.hash <> excluded.hash or roster_records.desired_hash is distinct from excluded.desired_hash
      or roster_records.deleted_run_id is not null or roster_records.tenant_id <> excluded.tenant_id`);
}

/** Canonical records of a kind by source id (for mapping at plan and apply time). */
export async function loadMirrorRecords<K extends RosterKind>(
  db: Database,
  providerId: string,
  kind: K,
  sourceIds: readonly string[],
): Promise<Map<string, RosterRecordByKind[K]>> {
  const result = new Map<string, RosterRecordByKind[K]>();
  for (let start = 0; start < sourceIds.length; start += READ_CHUNK) {
    const rows = await db
      .select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data })
      .from(rosterRecords)
      .where(
        and(
          eq(rosterRecords.providerId, providerId),
          eq(rosterRecords.kind, kind),
          inArray(rosterRecords.sourceId, sourceIds.slice(start, start + READ_CHUNK)),
        ),
      );
    for (const row of rows) result.set(row.sourceId, row.data as RosterRecordByKind[K]);
  }
  return result;
}

/** Every record of a small kind (schools, terms, courses) as a map, for names in mapping. */
export async function loadMirrorKind<K extends RosterKind>(db: Database, providerId: string, kind: K): Promise<Map<string, RosterRecordByKind[K]>> {
  const rows = await db
    .select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data })
    .from(rosterRecords)
    .where(and(eq(rosterRecords.providerId, providerId), eq(rosterRecords.kind, kind)));
  return new Map(rows.map((row) => [row.sourceId, row.data as RosterRecordByKind[K]]));
}
