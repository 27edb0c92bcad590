import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../src/db/database.js';
import { forgetUnreadPages } from '../../src/db/queries/sis-page-digests.js';
import { ENROLLMENTS_VOUCHED_BY_SECTION } from '../../src/db/queries/sync-seen-keys.js';
import { rawHash } from '../../src/domain/raw-hash.js';
import type { RosterKind } from '../../src/domain/roster.js';
import type { RawRecord } from '../../src/providers/types.js';
import { stageFetchedPage } from '../../src/sync/stage-fetched-page.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

/**
 * A full sync that reads a page it read before (same digest) records the page's keys as seen
 * at once, but only while the mirror still holds each of them, live, with the raw hash the
 * page was remembered with; otherwise it compares the records one by one, as without digests.
 */
describe('SIS pages remembered by digest', () => {
  let database: TestDatabase;
  const tenantId = `district-${randomUUID().slice(0, 8)}`;
  const providerId = randomUUID();
  const scopeOf = (runId: string) => ({ tenantId, providerId, runId });
  const records: RawRecord[] = ['s-1', 's-2', 's-3'].map((sourceId) => ({ sourceId, payload: { sourcedId: sourceId, name: `School ${sourceId}` } }));
  const options = (kind: RosterKind) => ({
    skipUnchanged: true,
    enrollmentsInSections: kind === 'sections',
    mirrorKey: (_: RosterKind, record: RawRecord) => record.sourceId,
  });

  const stage = (runId: string, page: { records: RawRecord[]; digest?: string }, kind: RosterKind = 'schools') =>
    stageFetchedPage(database.db, scopeOf(runId), kind, 0, page, options(kind));
  /** What the transform of a staged page leaves in the mirror: each record with the hash of its payload. */
  const transform = async (runId: string, transformed: RawRecord[], kind: RosterKind = 'schools') => {
    for (const record of transformed)
      await database.db.execute(sql`insert into roster_records (provider_id, tenant_id, kind, source_id, data, hash, raw_hash, changed_run_id)
        values (${providerId}::uuid, ${tenantId}, ${kind}, ${record.sourceId}, '{}'::jsonb, 'h', ${rawHash(record.payload)}, ${runId}::uuid)
        on conflict (provider_id, kind, source_id) do update set raw_hash = excluded.raw_hash, deleted_run_id = null`);
  };
  const seenKeys = async (runId: string, kind: string) =>
    rowsOf<{ key: string }>(
      await database.db.execute(sql`select u.key from sync_seen_key_sets s cross join unnest(s.keys) as u(key)
        where s.run_id = ${runId}::uuid and s.kind = ${kind} order by u.key`),
    ).map((row) => row.key);
  const rememberedDigests = async () =>
    rowsOf<{ digest: string }>(await database.db.execute(sql`select digest from sis_page_digests where provider_id = ${providerId}::uuid order by digest`)).map(
      (row) => row.digest,
    );

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database?.dispose());

  it('takes a page read again whole, without comparing its records, while the mirror holds what it was remembered with', async () => {
    const first = randomUUID();
    expect(await stage(first, { records, digest: 'page-a' })).toEqual({ staged: 3, unchanged: 0 });
    await transform(first, records);
    expect(await rememberedDigests()).toEqual(['page-a']);

    const second = randomUUID();
    // Payloads that differ from the mirror's: were they compared, all three would be staged. The digest stands for the body.
    const sameBody = records.map((record) => ({ ...record, payload: { differs: true } }));
    expect(await stage(second, { records: sameBody, digest: 'page-a' })).toEqual({ staged: 0, unchanged: 3 });
    expect(await seenKeys(second, 'schools')).toEqual(['s-1', 's-2', 's-3']);

    // Without a digest the same page is compared record by record, and nothing is new.
    const third = randomUUID();
    expect(await stage(third, { records })).toEqual({ staged: 0, unchanged: 3 });
  });

  it('compares the records again once the mirror moved on: a row rewritten from the change feed, or swept', async () => {
    const webhook = randomUUID();
    await database.db.execute(sql`update roster_records set raw_hash = null, changed_run_id = ${webhook}::uuid
      where provider_id = ${providerId}::uuid and kind = 'schools' and source_id = 's-2'`);
    const afterFeed = randomUUID();
    expect(await stage(afterFeed, { records, digest: 'page-a' })).toEqual({ staged: 1, unchanged: 2 });
    expect(await seenKeys(afterFeed, 'schools')).toEqual(['s-1', 's-3']);
    await transform(afterFeed, [records[1]!]);
    expect(await stage(randomUUID(), { records, digest: 'page-a' })).toEqual({ staged: 0, unchanged: 3 });

    const sweep = randomUUID();
    await database.db.execute(sql`update roster_records set deleted_run_id = ${sweep}::uuid
      where provider_id = ${providerId}::uuid and kind = 'schools' and source_id = 's-3'`);
    const afterSweep = randomUUID();
    expect(await stage(afterSweep, { records, digest: 'page-a' })).toEqual({ staged: 1, unchanged: 2 });
  });

  it('does not take a page whose remembered hashes the mirror never reached (its transform failed)', async () => {
    const changed = records.map((record) => (record.sourceId === 's-1' ? { ...record, payload: { ...(record.payload as object), name: 'Renamed' } } : record));
    const run = randomUUID();
    await transform(run, [records[2]!]); // back from the sweep above
    expect(await stage(run, { records: changed, digest: 'page-b' })).toEqual({ staged: 1, unchanged: 2 });
    // No transform: the mirror still holds the old payload of s-1.
    expect(await stage(randomUUID(), { records: changed, digest: 'page-b' })).toEqual({ staged: 1, unchanged: 2 });
    await transform(run, [changed[0]!]);
    expect(await stage(randomUUID(), { records: changed, digest: 'page-b' })).toEqual({ staged: 0, unchanged: 3 });
  });

  it('lets a section page vouch for its enrollments, as the record-by-record comparison does', async () => {
    const sections: RawRecord[] = [{ sourceId: 'c-1', payload: { id: 'c-1', students: ['u-1'] } }];
    const first = randomUUID();
    await stage(first, { records: sections, digest: 'sections-a' }, 'sections');
    await transform(first, sections, 'sections');
    const second = randomUUID();
    expect(await stage(second, { records: sections, digest: 'sections-a' }, 'sections')).toEqual({ staged: 0, unchanged: 1 });
    expect(await seenKeys(second, ENROLLMENTS_VOUCHED_BY_SECTION)).toEqual(['c-1']);
  });

  it('keeps only the pages the last full sync read', async () => {
    const latest = randomUUID();
    await stage(latest, { records, digest: 'page-b' });
    await forgetUnreadPages(database.db, scopeOf(latest));
    expect(await rememberedDigests()).toEqual(['page-b']);
  });
});
