import type { Database } from '../db/database.js';
import { storedRawHashes, type MirrorScope } from '../db/queries/roster-records.js';
import { stagePage } from '../db/queries/sis-staging.js';
import { recordSeenEnrollmentsOf, recordSeenKeys } from '../db/queries/sync-seen-keys.js';
import type { RosterKind } from '../domain/roster.js';
import { rawHash } from '../domain/raw-hash.js';
import type { RawRecord } from '../providers/types.js';

export interface StageOptions {
  /** A full, unscoped sync: payloads the mirror already holds are recorded as seen, not staged. */
  skipUnchanged: boolean;
  /** The SIS's section payloads carry their enrollments (it has no enrollment collection). */
  enrollmentsInSections: boolean;
}

/**
 * One fetched SIS page into staging, for the transform. With `skipUnchanged`, a payload whose
 * hash equals the one stored with its live mirror row is the record the mirror already holds:
 * it is recorded as seen (with its section's live enrollments, when the section carries them:
 * every enrollment change rewrites the section's row, see writeMirrorRows and the change feed)
 * and neither staged nor transformed, so a resync that finds nothing new costs reads, not work.
 * Enrollment records are always staged: their mirror key is not the SIS's record id.
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
  if (!options.skipUnchanged || kind === 'enrollments' || records.length === 0) {
    await stagePage(db, run.runId, kind, page, hashed);
    return { staged: records.length, unchanged: 0 };
  }
  const withEnrollments = kind === 'sections' && options.enrollmentsInSections;
  const stored = await storedRawHashes(
    db,
    run.providerId,
    kind,
    records.map((record) => record.sourceId),
  );
  const unchanged: string[] = [];
  const changed: typeof hashed = [];
  for (const record of hashed) {
    if (stored.get(record.sourceId) === record.rawHash) unchanged.push(record.sourceId);
    else changed.push(record);
  }
  await stagePage(db, run.runId, kind, page, changed);
  await recordSeenKeys(db, run.runId, kind, unchanged);
  if (withEnrollments) await recordSeenEnrollmentsOf(db, run, unchanged);
  return { staged: changed.length, unchanged: unchanged.length };
}
