import type { Database } from '../db/database.js';
import type { MirrorScope } from '../db/queries/roster-records.js';
import { stagePage } from '../db/queries/sis-staging.js';
import { recordUnchangedAsSeen, unchangedId } from '../db/queries/sync-seen-keys.js';
import { contentHash } from '../domain/content-hash.js';
import { enrollmentKey, type RosterKind } from '../domain/roster.js';
import { rawHash } from '../domain/raw-hash.js';
import type { RawRecord, RosterBatch } from '../providers/types.js';

export interface StageOptions {
  /** A full, unscoped sync: payloads the mirror already holds are recorded as seen, not staged. */
  skipUnchanged: boolean;
  /** The SIS's section payloads carry their enrollments (it has no enrollment collection). */
  enrollmentsInSections: boolean;
  /** The provider's transform (pure): an enrollment's mirror key is known only from its canonical record. */
  transform(kind: RosterKind, payloads: readonly unknown[]): RosterBatch;
}

/**
 * One fetched SIS page into staging, for the transform. With `skipUnchanged`, a payload whose
 * hash equals the one stored with its live mirror row is the record the mirror already holds:
 * it is recorded as seen (with its section's live enrollments, when the section carries them:
 * every enrollment change rewrites the section's row, see writeMirrorRows and the change feed)
 * and neither staged nor transformed, so a resync that finds nothing new costs reads, not work.
 * An enrollment's mirror key is not the SIS's record id (OneRoster): each is transformed here
 * and compared by the hash of its canonical record instead.
 */
export async function stageFetchedPage(
  db: Database,
  run: MirrorScope,
  kind: RosterKind,
  page: number,
  records: readonly RawRecord[],
  options: StageOptions,
): Promise<{ staged: number; unchanged: number }> {
  const hashed = records.map((record) => ({ ...record, rawHash: rawHash(record.payload) }));
  if (!options.skipUnchanged || records.length === 0) {
    await stagePage(db, run.runId, kind, page, hashed);
    return { staged: records.length, unchanged: 0 };
  }
  // What each payload is compared by: its raw hash under its SIS id, or an enrollment's canonical hash under its mirror key.
  const compared = hashed.map((record) => {
    if (kind !== 'enrollments') return { record, key: record.sourceId, hash: record.rawHash };
    const [enrollment] = options.transform(kind, [record.payload]).enrollments ?? [];
    return enrollment ? { record, key: enrollmentKey(enrollment), hash: contentHash(enrollment) } : { record, key: undefined, hash: undefined };
  });
  const unchanged = await recordUnchangedAsSeen(
    db,
    run,
    kind,
    compared.flatMap((entry) => (entry.key === undefined || entry.hash === undefined ? [] : [{ key: entry.key, hash: entry.hash }])),
    { compare: kind === 'enrollments' ? 'content' : 'raw', vouch: kind === 'sections' && options.enrollmentsInSections },
  );
  const changed = compared.flatMap((entry) =>
    entry.key !== undefined && entry.hash !== undefined && unchanged.has(unchangedId({ key: entry.key, hash: entry.hash })) ? [] : [entry.record],
  );
  await stagePage(db, run.runId, kind, page, changed);
  return { staged: changed.length, unchanged: unchanged.size };
}
