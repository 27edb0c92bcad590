import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { rosterRecords } from '../schema/index.js';
import type { RosterKind, RosterRecordByKind } from '../../domain/roster.js';

/**
 * The roster mirror (`roster_records`): canonical records as last read from the SIS, each user
 * and section with the hash of its desired SCIM document.
 */

const READ_CHUNK = 1000;

/** The rows of a provider's kind with these source ids, READ_CHUNK keys a statement (explicit lists: the planner sees how few). */
function* keyChunks(providerId: string, kind: RosterKind, sourceIds: readonly string[]) {
  for (let start = 0; start < sourceIds.length; start += READ_CHUNK)
    yield and(
      eq(rosterRecords.providerId, providerId),
      eq(rosterRecords.kind, kind),
      inArray(rosterRecords.sourceId, sourceIds.slice(start, start + READ_CHUNK)),
    );
}

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
  /** Hash of the SIS payload it was transformed from (null when it came another way). */
  raw_hash: string | null;
  /** Users and sections: fingerprint of the lookups desired_hash was computed with. */
  mapping_hash: string | null;
}

/**
 * Writes rows of one kind. Only rows that changed (content, desired document, or coming back
 * from deletion) are rewritten, marked as changed by this run; a row whose raw or mapping
 * hash alone changed gets the new hashes without being marked; the rest stay untouched, so a
 * run that finds nothing new costs reads, not writes. The rows travel as one JSON parameter
 * (jsonb_to_recordset) instead of a 1000-row VALUES list: the query builder's cost per bound
 * value was the transform's largest CPU item.
 */
export async function writeMirrorRows(db: Database, scope: MirrorScope, kind: RosterKind, rows: readonly MirrorRow[]): Promise<void> {
  await db.execute(sql`insert into roster_records (provider_id, tenant_id, kind, source_id, data, hash, desired_hash, raw_hash, mapping_hash, changed_run_id)
    select ${scope.providerId}::uuid, ${scope.tenantId}, ${kind}, r.source_id, r.data, r.hash, r.desired_hash, r.raw_hash, r.mapping_hash, ${scope.runId}::uuid
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(source_id text, data jsonb, hash text, desired_hash text, raw_hash text, mapping_hash text)
    on conflict (provider_id, kind, source_id) do update
    set data = excluded.data, hash = excluded.hash, desired_hash = excluded.desired_hash, raw_hash = excluded.raw_hash,
      mapping_hash = excluded.mapping_hash, tenant_id = excluded.tenant_id, deleted_run_id = null,
      changed_run_id = case when ${CHANGED} then excluded.changed_run_id else roster_records.changed_run_id end,
      updated_at = case when ${CHANGED} then now() else roster_records.updated_at end
    where ${CHANGED} or roster_records.raw_hash is distinct from excluded.raw_hash
      or roster_records.mapping_hash is distinct from excluded.mapping_hash`);
}

/** The row's record, its desired document, its deletion state or its tenant changed. */
const CHANGED = sql.raw(`(roster_records.hash <> excluded.hash or roster_records.desired_hash is distinct from excluded.desired_hash
      or roster_records.deleted_run_id is not null or roster_records.tenant_id <> excluded.tenant_id)`);

/** Canonical records of a kind by source id (for mapping at plan and apply time). */
export async function loadMirrorRecords<K extends RosterKind>(
  db: Database,
  providerId: string,
  kind: K,
  sourceIds: readonly string[],
): Promise<Map<string, RosterRecordByKind[K]>> {
  const result = new Map<string, RosterRecordByKind[K]>();
  for (const byKey of keyChunks(providerId, kind, sourceIds)) {
    const rows = await db.select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data }).from(rosterRecords).where(byKey);
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

/**
 * Live users or sections (after `after`, in source id order) whose desired hash was computed
 * with other lookups than `fingerprint`, or with none recorded.
 */
export async function rowsMappedOtherwise(
  db: Database,
  providerId: string,
  kind: 'users' | 'sections',
  fingerprint: string,
  after: string,
  limit: number,
): Promise<Array<{ sourceId: string; data: unknown }>> {
  return db
    .select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data })
    .from(rosterRecords)
    .where(
      and(
        eq(rosterRecords.providerId, providerId),
        eq(rosterRecords.kind, kind),
        gt(rosterRecords.sourceId, after),
        isNull(rosterRecords.deletedRunId),
        sql`${rosterRecords.mappingHash} is distinct from ${fingerprint}`,
      ),
    )
    .orderBy(asc(rosterRecords.sourceId))
    .limit(limit);
}

/** New desired hashes of unchanged records; a row whose desired document changed is marked as changed by the run. */
export async function writeRemappedRows(
  db: Database,
  scope: MirrorScope,
  kind: 'users' | 'sections',
  rows: ReadonlyArray<{ source_id: string; desired_hash: string; mapping_hash: string }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`update roster_records r
    set desired_hash = m.desired_hash, mapping_hash = m.mapping_hash,
      changed_run_id = case when r.desired_hash is distinct from m.desired_hash then ${scope.runId}::uuid else r.changed_run_id end,
      updated_at = case when r.desired_hash is distinct from m.desired_hash then now() else r.updated_at end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as m(source_id text, desired_hash text, mapping_hash text)
    where r.provider_id = ${scope.providerId}::uuid and r.kind = ${kind} and r.source_id = m.source_id`);
}
