import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../database.js';
import type { RosterKind } from '../../domain/roster.js';
import type { MirrorScope } from './roster-records.js';
import { unchangedRecordedAsSeen, type FetchedHash } from './sync-seen-keys.js';

/**
 * Pages a full sync read, by digest (sis_page_digests). A page read again with the same
 * digest holds the same payloads in the same order, so the mirror keys and raw hashes
 * remembered with it are its records' own: the page is compared with the mirror from them,
 * exactly as recordUnchangedAsSeen compares hashed records, without hashing any record.
 */

/**
 * The page remembered under `digest`, compared with the provider's mirror: the records whose
 * live mirror row holds the same raw hash are recorded as seen by the run (and, with `vouch`,
 * as sections vouching for their enrollments); returns the positions (from 0, in page order)
 * of the others, the records to stage. Undefined when no page was remembered under `digest`.
 * One statement: the comparison, the seen keys and the page's mark.
 */
export async function compareRememberedPage(
  db: Database,
  scope: MirrorScope,
  kind: RosterKind,
  digest: string,
  options: { vouch: boolean },
): Promise<number[] | undefined> {
  const result = await db.execute(sql`with page as (
      select d.keys, d.raw_hashes from sis_page_digests d
      where d.provider_id = ${scope.providerId}::uuid and d.kind = ${kind} and d.digest = ${digest}
    ), entries as (
      select e.key, e.hash, e.ord from page cross join unnest(page.keys, page.raw_hashes) with ordinality as e(key, hash, ord)
    )${unchangedRecordedAsSeen(scope, kind, 'entries', options)}, marked as (
      update sis_page_digests d set run_id = ${scope.runId}::uuid
      where d.provider_id = ${scope.providerId}::uuid and d.kind = ${kind} and d.digest = ${digest}
    )
    select array(select e.ord - 1 from entries e where not exists (select 1 from unchanged u where u.ord = e.ord) order by e.ord) as changed
    from page`);
  return rowsOf<{ changed: number[] }>(result)[0]?.changed.map(Number);
}

/** Remembers a page the run read: the mirror key and raw hash of each of its records, in page order. */
export async function rememberPage(db: Database, scope: MirrorScope, kind: RosterKind, digest: string, records: readonly FetchedHash[]): Promise<void> {
  if (records.length === 0) return;
  await db.execute(sql`insert into sis_page_digests (provider_id, kind, digest, keys, raw_hashes, run_id)
    select ${scope.providerId}::uuid, ${kind}, ${digest}, array_agg(r.key order by r.ord), array_agg(r.hash order by r.ord), ${scope.runId}::uuid
    from rows from (jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as (key text, hash text)) with ordinality as r(key, hash, ord)
    on conflict (provider_id, kind, digest) do update set keys = excluded.keys, raw_hashes = excluded.raw_hashes, run_id = excluded.run_id`);
}

/** After a full, unscoped sync has read every page: the pages it did not read are not the SIS's any more. */
export async function forgetUnreadPages(db: Database, scope: MirrorScope): Promise<void> {
  await db.execute(sql`delete from sis_page_digests where provider_id = ${scope.providerId}::uuid and run_id <> ${scope.runId}::uuid`);
}
