import type { Database } from '../db/database.js';
import type { MirrorScope } from '../db/queries/roster-records.js';
import { stagePage } from '../db/queries/sis-staging.js';
import { recordUnchangedAsSeen, fetchedId } from '../db/queries/sync-seen-keys.js';
import type { RosterKind } from '../domain/roster.js';
import { rawHash } from '../domain/raw-hash.js';
import type { RawRecord } from '../providers/types.js';

export interface StageOptions {
  /** A full, unscoped sync: payloads the mirror already holds are recorded as seen, not staged. */
  skipUnchanged: boolean;
  /** The SIS's section payloads carry their enrollments (it has no enrollment collection). */
  enrollmentsInSections: boolean;
  /** The provider's mirror key of a raw record (SisClient.mirrorKey): what its payload is compared under. */
  mirrorKey(kind: RosterKind, record: RawRecord): string | undefined;
}

/**
 * One fetched SIS page into staging, for the transform. With `skipUnchanged`, a payload whose
 * hash equals the one stored with the live mirror row under its mirror key is the payload
 * that row was transformed from: it is recorded as seen (with its section's live enrollments,
 * when the section carries them: every enrollment change rewrites the section's row, see
 * writeMirrorRows and the change feed) and neither staged nor transformed, so a resync that
 * finds nothing new costs reads, not work. A payload whose key cannot be read is staged.
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
  const compared = hashed.map((record) => ({ record, key: options.mirrorKey(kind, record), hash: record.rawHash }));
  const changedIds = await recordUnchangedAsSeen(
    db,
    run,
    kind,
    compared.flatMap((entry) => (entry.key === undefined ? [] : [{ key: entry.key, hash: entry.hash }])),
    { vouch: kind === 'sections' && options.enrollmentsInSections },
  );
  const changed = compared.flatMap((entry) =>
    entry.key === undefined || changedIds.has(fetchedId({ key: entry.key, hash: entry.hash })) ? [entry.record] : [],
  );
  await stagePage(db, run.runId, kind, page, changed);
  return { staged: changed.length, unchanged: records.length - changed.length };
}
