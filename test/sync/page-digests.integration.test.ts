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
 * A full sync that reads a page it read before (same digest) compares it with the mirror from
 * the keys and raw hashes remembered with it, without hashing its records, and stages exactly
 * what the record-by-record comparison would: the records whose live mirror row does not hold
 * that hash.
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

  it('compares a page read again from what was remembered with it, not from its records', async () => {
    const first = randomUUID();
    expect(await stage(first, { records, digest: 'page-a' })).toEqual({ staged: 3, unchanged: 0 });
    await transform(first, records);
    expect(await rememberedDigests()).toEqual(['page-a']);

    const second = randomUUID();
    // Payloads that differ from the mirror's: were they hashed, all three would be staged. The digest stands for the body.
    const sameBody = records.map((record) => ({ ...record, payload: { differs: true } }));
    expect(await stage(second, { records: sameBody, digest: 'page-a' })).toEqual({ staged: 0, unchanged: 3 });
    expect(await seenKeys(second, 'schools')).toEqual(['s-1', 's-2', 's-3']);

    // Without a digest the same page is compared record by record, and nothing is new.
    const third = randomUUID();
    expect(await stage(third, { records })).toEqual({ staged: 0, unchanged: 3 });
  });

  it('stages what the mirror no longer holds as remembered: a row rewritten from the change feed, or swept', async () => {
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

  it('stages again a record whose transform never reached the mirror', async () => {
    const changed = records.map((record) => (record.sourceId === 's-1' ? { ...record, payload: { ...(record.payload as object), name: 'Renamed' } } : record));
    const run = randomUUID();
    await transform(run, [records[2]!]); // back from the sweep above
    expect(await stage(run, { records: changed, digest: 'page-b' })).toEqual({ staged: 1, unchanged: 2 });
    // No transform: the mirror still holds the old payload of s-1.
    expect(await stage(randomUUID(), { records: changed, digest: 'page-b' })).toEqual({ staged: 1, unchanged: 2 });
    await transform(run, [changed[0]!]);
    expect(await stage(randomUUID(), { records: changed, digest: 'page-b' })).toEqual({ staged: 0, unchanged: 3 });
  });

  it('stages, from a remembered page, only the records the mirror does not hold (one the transform leaves out)', async () => {
    const guardian: RawRecord = { sourceId: 'g-1', payload: { sourcedId: 'g-1', role: 'guardian' } };
    const withGuardian = [...records, guardian];
    await transform(randomUUID(), records); // s-1 as it was before the test above renamed it
    await stage(randomUUID(), { records: withGuardian, digest: 'page-c' });
    const again = randomUUID();
    const sameBody = withGuardian.map((record) => ({ ...record, payload: { differs: record.sourceId } }));
    expect(await stage(again, { records: sameBody, digest: 'page-c' })).toEqual({ staged: 1, unchanged: 3 });
    const staged = rowsOf<{ source_id: string }>(await database.db.execute(sql`select source_id from sis_staging where run_id = ${again}::uuid`)).map(
      (row) => row.source_id,
    );
    expect(staged).toEqual(['g-1']);
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
    await stage(latest, { records, digest: 'page-d' });
    await forgetUnreadPages(database.db, scopeOf(latest));
    expect(await rememberedDigests()).toEqual(['page-d']);
  });
});
