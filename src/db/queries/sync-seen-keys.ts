import { eq, sql, type SQL } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import { syncSeenKeySets } from '../schema/index.js';
import type { RosterKind } from '../../domain/roster.js';
import type { MirrorScope } from './roster-records.js';
import { textRows } from './in-list.js';

/**
 * The keys a full (or selective) sync saw, kept apart from the mirror rows so that a run
 * finding nothing new rewrites no row only to say it saw it; its sweep reads them. One row
 * per call, the keys as an array (sync_seen_key_sets).
 */
export async function recordSeenKeys(db: Database, runId: string, kind: RosterKind, sourceIds: readonly string[]): Promise<void> {
  if (sourceIds.length === 0) return;
  await db.execute(sql`insert into sync_seen_key_sets (run_id, kind, keys)
    values (${runId}::uuid, ${kind}, array(select k from ${textRows(sourceIds)} as k))`);
}

/**
 * Whether the run saw `key` (an expression of the outer query's row) among its keys of
 * `kind`. Written as `exists`, never `in`: negated, Postgres turns it into one hash anti-join
 * over the run's keys, where `not in` would search the whole list for every row once the
 * list outgrows work_mem.
 */
export function seenByRun(runId: string, kind: string, key: SQL): SQL {
  return sql`exists (select 1 from sync_seen_key_sets s cross join unnest(s.keys) as u(key)
    where s.run_id = ${runId}::uuid and s.kind = ${kind} and u.key = ${key})`;
}

/**
 * The seen-key kind under which a section fetched unchanged vouches for its live enrollments,
 * for a SIS whose section payloads carry their enrollments (Clever): one key per section, not
 * one per enrollment (a 100k district has some 490k); the sweep reads both.
 */
export const ENROLLMENTS_VOUCHED_BY_SECTION = 'enrollments-of-section';

/** A fetched record by its mirror key, with the hash it is compared by. */
export interface FetchedHash {
  key: string;
  hash: string;
}

/** How recordUnchangedAsSeen names a fetched record: its key and hash (two records may share a key). */
export const fetchedId = (entry: FetchedHash): string => `${entry.key}\n${entry.hash}`;

/**
 * Of the fetched records, those whose live mirror row holds the same `raw_hash` (the payload
 * it was transformed from) are recorded as seen: the record the mirror already holds. With
 * `vouch`, such a section also vouches for its live enrollments (ENROLLMENTS_VOUCHED_BY_SECTION).
 * Returns the others (by fetchedId), the records to stage: a resync that finds nothing new
 * gets no row back. One statement a page, one round trip: the comparison and the seen keys
 * are written where the rows live.
 */
export async function recordUnchangedAsSeen(
  db: Database,
  scope: MirrorScope,
  kind: RosterKind,
  fetched: readonly FetchedHash[],
  options: { vouch: boolean },
): Promise<Set<string>> {
  if (fetched.length === 0) return new Set();
  const result = await db.execute(sql`with incoming as (
      select r.key, r.hash from jsonb_to_recordset(${JSON.stringify(fetched)}::jsonb) as r(key text, hash text)
    )${unchangedRecordedAsSeen(scope, kind, 'incoming', options)}
    select distinct i.key, i.hash from incoming i where not exists (select 1 from unchanged u where u.key = i.key and u.hash = i.hash)`);
  return new Set(rowsOf<FetchedHash>(result).map(fetchedId));
}

/**
 * The common tail of a `with` list that compares fetched records with the mirror: `unchanged`
 * holds the rows of the CTE `candidates` (columns `key`, `hash`, any others) whose live mirror
 * row holds that raw hash, and they are recorded as seen by the run (with `vouch`, also as
 * sections vouching for their enrollments). Starts with the comma that follows `candidates`.
 */
export function unchangedRecordedAsSeen(scope: MirrorScope, kind: RosterKind, candidates: 'incoming' | 'entries', options: { vouch: boolean }): SQL {
  return sql`, unchanged as (
      select c.* from ${sql.raw(candidates)} c
      join roster_records m on m.provider_id = ${scope.providerId}::uuid and m.kind = ${kind} and m.source_id = c.key
      where m.deleted_run_id is null and m.raw_hash = c.hash
    ), seen as (
      insert into sync_seen_key_sets (run_id, kind, keys)
      select ${scope.runId}::uuid, ${kind}, array_agg(key) from unchanged having count(*) > 0
    ), vouched as (
      insert into sync_seen_key_sets (run_id, kind, keys)
      select ${scope.runId}::uuid, ${ENROLLMENTS_VOUCHED_BY_SECTION}, array_agg(key) from unchanged where ${options.vouch}::boolean having count(*) > 0
    )`;
}

/** Sections this run saw (and kept after scoping): enrollments are in scope when their section is. */
export async function sectionsSeenBy(db: Database, scope: MirrorScope): Promise<Set<string>> {
  const result = await db.execute(sql`select distinct u.key from sync_seen_key_sets s cross join unnest(s.keys) as u(key)
    join roster_records m on m.provider_id = ${scope.providerId}::uuid and m.kind = 'sections' and m.source_id = u.key and m.deleted_run_id is null
    where s.run_id = ${scope.runId}::uuid and s.kind = 'sections'`);
  return new Set(rowsOf<{ key: string }>(result).map((row) => row.key));
}

export async function clearSeenKeys(db: Database, runId: string): Promise<void> {
  await db.delete(syncSeenKeySets).where(eq(syncSeenKeySets.runId, runId));
}
