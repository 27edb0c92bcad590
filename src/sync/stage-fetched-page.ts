import type { Database } from '../db/database.js';
import type { MirrorScope } from '../db/queries/roster-records.js';
import { stagePage } from '../db/queries/sis-staging.js';
import { compareRememberedPage, rememberPage } from '../db/queries/sis-page-digests.js';
import { recordUnchangedAsSeen, fetchedId, type FetchedHash } from '../db/queries/sync-seen-keys.js';
import type { RosterKind } from '../domain/roster.js';
import { rawHash } from '../domain/raw-hash.js';
import type { RawPage, RawRecord } from '../providers/types.js';

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
 *
 * A page whose digest the provider's last full sync read is compared from the keys and
 * hashes remembered with it (compareRememberedPage): only the records it stages are hashed.
 * Any other page with a digest is remembered for the next full sync.
 */
export async function stageFetchedPage(
  db: Database,
  run: MirrorScope,
  kind: RosterKind,
  page: number,
  fetched: Pick<RawPage, 'records' | 'digest'>,
  options: StageOptions,
): Promise<{ staged: number; unchanged: number }> {
  const { records, digest } = fetched;
  const withHashes = (chosen: readonly RawRecord[]) => chosen.map((record) => ({ ...record, rawHash: rawHash(record.payload) }));
  if (!options.skipUnchanged || records.length === 0) {
    await stagePage(db, run.runId, kind, page, withHashes(records));
    return { staged: records.length, unchanged: 0 };
  }
  const vouch = kind === 'sections' && options.enrollmentsInSections;
  const remembered = digest === undefined ? undefined : await compareRememberedPage(db, run, kind, digest, { vouch });
  if (remembered !== undefined) {
    const changed = remembered.map((position) => records[position]!);
    await stagePage(db, run.runId, kind, page, withHashes(changed));
    return { staged: changed.length, unchanged: records.length - changed.length };
  }
  const compared = withHashes(records).map((record) => ({ record, key: options.mirrorKey(kind, record), hash: record.rawHash }));
  const keyed = compared.flatMap((entry): FetchedHash[] => (entry.key === undefined ? [] : [{ key: entry.key, hash: entry.hash }]));
  const changedIds = await recordUnchangedAsSeen(db, run, kind, keyed, { vouch });
  const changed = compared.flatMap((entry) =>
    entry.key === undefined || changedIds.has(fetchedId({ key: entry.key, hash: entry.hash })) ? [entry.record] : [],
  );
  await stagePage(db, run.runId, kind, page, changed);
  // A page with a record the mirror cannot key is compared record by record every time.
  if (digest !== undefined && keyed.length === records.length) await rememberPage(db, run, kind, digest, keyed);
  return { staged: changed.length, unchanged: records.length - changed.length };
}
