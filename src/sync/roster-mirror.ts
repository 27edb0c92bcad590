import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { rosterRecords, syncRecordErrors, syncSeenKeys } from '../db/schema/index.js';
import { enrollmentKey, ROSTER_KINDS, type RecordError, type RosterEnrollment, type RosterKind, type RosterRecordByKind } from '../domain/roster.js';
import type { RosterBatch } from '../providers/types.js';
import { contentHash } from '../domain/content-hash.js';
import { desiredHashes } from './desired-hashes.js';
import type { MappingLookups } from '../domain/desired-documents.js';

const UPSERT_CHUNK = 1000;

export interface MirrorScope {
  tenantId: string;
  providerId: string;
  runId: string;
}

function mirrorKey(kind: RosterKind, record: RosterRecordByKind[RosterKind]): string {
  return kind === 'enrollments' ? enrollmentKey(record as RosterEnrollment) : (record as { sourceId: string }).sourceId;
}

export interface UpsertOptions {
  /** What the SCIM documents are mapped with: each user's and section's desired hash is stored with it. */
  lookups: MappingLookups;
  /** Full and selective runs record the keys they saw, for their sweep. */
  recordSeen: boolean;
}

/**
 * Writes a transformed batch into the mirror. Only records that changed (content, desired
 * document, or coming back from deletion) are rewritten, marked as changed by this run; the
 * rest stay untouched, so a run that finds nothing new costs reads, not writes.
 */
export async function upsertRosterBatch(db: Database, scope: MirrorScope, batch: RosterBatch, options: UpsertOptions): Promise<number> {
  let written = 0;
  for (const kind of ROSTER_KINDS) {
    const records = batch[kind] as RosterRecordByKind[RosterKind][] | undefined;
    if (!records?.length) continue;
    for (let start = 0; start < records.length; start += UPSERT_CHUNK) {
      const chunk = records.slice(start, start + UPSERT_CHUNK);
      const desired =
        kind === 'users' || kind === 'sections'
          ? await desiredHashes(db, scope.tenantId, options.lookups, { [kind]: chunk as RosterRecordByKind['users' | 'sections'][] })
          : new Map<string, string>();
      const rows = chunk.map((record) => {
        const sourceId = mirrorKey(kind, record);
        return { source_id: sourceId, data: record, hash: contentHash(record), desired_hash: desired.get(`${kind}:${sourceId}`) ?? null };
      });
      // One JSON parameter instead of a 1000-row VALUES list: the query builder's cost per
      // bound value was the transform's largest CPU item.
      const json = JSON.stringify(rows);
      await db.execute(sql`insert into roster_records (provider_id, tenant_id, kind, source_id, data, hash, desired_hash, changed_run_id)
        select ${scope.providerId}::uuid, ${scope.tenantId}, ${kind}, r.source_id, r.data, r.hash, r.desired_hash, ${scope.runId}::uuid
        from jsonb_to_recordset(${json}::jsonb) as r(source_id text, data jsonb, hash text, desired_hash text)
        on conflict (provider_id, kind, source_id) do update
        set data = excluded.data, hash = excluded.hash, desired_hash = excluded.desired_hash,
          changed_run_id = excluded.changed_run_id, tenant_id = excluded.tenant_id, deleted_run_id = null, updated_at = now()
        where roster_records.hash <> excluded.hash or roster_records.desired_hash is distinct from excluded.desired_hash
          or roster_records.deleted_run_id is not null or roster_records.tenant_id <> excluded.tenant_id`);
      if (options.recordSeen) {
        await db.execute(sql`insert into sync_seen_keys (run_id, kind, source_id)
          select ${scope.runId}::uuid, ${kind}, r.source_id from jsonb_to_recordset(${json}::jsonb) as r(source_id text)
          on conflict do nothing`);
      }
      written += rows.length;
    }
  }
  await recordErrors(db, scope.runId, batch.errors);
  return written;
}

async function recordErrors(db: Database, runId: string, errors: readonly RecordError[]): Promise<void> {
  if (errors.length === 0) return;
  await db
    .insert(syncRecordErrors)
    .values(errors.map((error) => ({ runId, kind: error.kind, sourceId: error.sourceId, field: error.field ?? null, message: error.message })));
}

/** Canonical records of a kind by source id (for mapping at plan and apply time). */
export async function loadMirrorRecords<K extends RosterKind>(
  db: Database,
  providerId: string,
  kind: K,
  sourceIds: readonly string[],
): Promise<Map<string, RosterRecordByKind[K]>> {
  const result = new Map<string, RosterRecordByKind[K]>();
  for (let start = 0; start < sourceIds.length; start += UPSERT_CHUNK) {
    const rows = await db
      .select({ sourceId: rosterRecords.sourceId, data: rosterRecords.data })
      .from(rosterRecords)
      .where(
        and(
          eq(rosterRecords.providerId, providerId),
          eq(rosterRecords.kind, kind),
          inArray(rosterRecords.sourceId, sourceIds.slice(start, start + UPSERT_CHUNK)),
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

/** Sections this run saw (and kept after scoping): enrollments are in scope when their section is. */
export async function sectionsSeenBy(db: Database, scope: MirrorScope): Promise<Set<string>> {
  const rows = await db
    .select({ sourceId: syncSeenKeys.sourceId })
    .from(syncSeenKeys)
    .innerJoin(
      rosterRecords,
      and(eq(rosterRecords.providerId, scope.providerId), eq(rosterRecords.kind, 'sections'), eq(rosterRecords.sourceId, syncSeenKeys.sourceId)),
    )
    .where(and(eq(syncSeenKeys.runId, scope.runId), eq(syncSeenKeys.kind, 'sections'), isNull(rosterRecords.deletedRunId)));
  return new Set(rows.map((row) => row.sourceId));
}

export async function clearSeenKeys(db: Database, runId: string): Promise<void> {
  await db.delete(syncSeenKeys).where(eq(syncSeenKeys.runId, runId));
}
