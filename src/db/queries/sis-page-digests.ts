import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import type { RosterKind } from '../../domain/roster.js';
import type { MirrorScope } from './roster-records.js';
import { ENROLLMENTS_VOUCHED_BY_SECTION, type FetchedHash } from './sync-seen-keys.js';

/**
 * Pages a full sync read, by digest (sis_page_digests). A page read again with the same
 * digest holds the same payloads in the same order: when the mirror still holds each of its
 * keys, live, with the raw hash it had when the page was remembered, every record of it is
 * one the mirror already holds. The check reads the mirror, not a record of who wrote it, so
 * a row rewritten from the change feed or a webhook (no raw hash), transformed from another
 * page, or swept since, fails it and the page is compared record by record as before.
 */

/** The fingerprint both sides compare: sha256 (hex) of the raw hashes joined by commas (a base64url hash holds no comma). */
const fingerprintOf = (joined: unknown) => sql`encode(sha256(convert_to(${joined}, 'UTF8')), 'hex')`;

/**
 * If the provider's mirror still holds the page remembered under `digest`, records its keys
 * as seen by the run (and, with `vouch`, as sections vouching for their enrollments, as
 * recordUnchangedAsSeen does) and returns how many; undefined when there is no such page or
 * the mirror moved on. One statement: the check, the seen keys and the page's mark.
 */
export async function recordKnownPageAsSeen(
  db: Database,
  scope: MirrorScope,
  kind: RosterKind,
  digest: string,
  options: { vouch: boolean },
): Promise<number | undefined> {
  const result = await db.execute(sql`with page as (
      select d.keys, d.raw_hashes from sis_page_digests d
      where d.provider_id = ${scope.providerId}::uuid and d.kind = ${kind} and d.digest = ${digest}
    ), held as (
      select count(m.raw_hash) as n, ${fingerprintOf(sql`string_agg(m.raw_hash, ',' order by k.ord)`)} as raw_hashes
      from page cross join unnest(page.keys) with ordinality as k(key, ord)
      join roster_records m on m.provider_id = ${scope.providerId}::uuid and m.kind = ${kind} and m.source_id = k.key
      where m.deleted_run_id is null
    ), known as (
      select page.keys from page join held on held.n = cardinality(page.keys) and held.raw_hashes = page.raw_hashes
    ), seen as (
      insert into sync_seen_key_sets (run_id, kind, keys) select ${scope.runId}::uuid, ${kind}, keys from known
      returning cardinality(keys) as n
    ), vouched as (
      insert into sync_seen_key_sets (run_id, kind, keys)
      select ${scope.runId}::uuid, ${ENROLLMENTS_VOUCHED_BY_SECTION}, keys from known where ${options.vouch}::boolean
    ), marked as (
      update sis_page_digests d set run_id = ${scope.runId}::uuid from known
      where d.provider_id = ${scope.providerId}::uuid and d.kind = ${kind} and d.digest = ${digest}
    )
    select n from seen`);
  return rowsOf<{ n: number }>(result)[0]?.n;
}

/**
 * Remembers a page the run read: its records' mirror keys and raw hashes, in order. Safe to
 * call before the page's changed records are transformed: until the mirror holds these
 * hashes, recordKnownPageAsSeen does not take the page.
 */
export async function rememberPage(db: Database, scope: MirrorScope, kind: RosterKind, digest: string, records: readonly FetchedHash[]): Promise<void> {
  if (records.length === 0) return;
  const keys = JSON.stringify(records.map((record) => record.key));
  const joined = records.map((record) => record.hash).join(',');
  await db.execute(sql`insert into sis_page_digests (provider_id, kind, digest, keys, raw_hashes, run_id)
    select ${scope.providerId}::uuid, ${kind}, ${digest},
      array(select k.key from jsonb_array_elements_text(${keys}::jsonb) with ordinality as k(key, ord) order by k.ord),
      ${fingerprintOf(sql`${joined}::text`)}, ${scope.runId}::uuid
    on conflict (provider_id, kind, digest) do update set keys = excluded.keys, raw_hashes = excluded.raw_hashes, run_id = excluded.run_id`);
}

/** After a full, unscoped sync has read every page: the pages it did not read are not the SIS's any more. */
export async function forgetUnreadPages(db: Database, scope: MirrorScope): Promise<void> {
  await db.execute(sql`delete from sis_page_digests where provider_id = ${scope.providerId}::uuid and run_id <> ${scope.runId}::uuid`);
}
