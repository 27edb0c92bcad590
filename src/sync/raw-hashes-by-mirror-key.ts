import type { StagedRecord } from '../db/queries/sis-staging.js';

/**
 * The hash of each staged payload under the mirror key its record will have, stored with the
 * mirror row so that the next full sync recognises the same payload unread (stageFetchedPage).
 * A key two payloads of the page share gets no hash: which of them the row holds is the
 * transform's business, and a row without a raw hash is simply transformed again next time.
 */
export function rawHashesByMirrorKey(staged: readonly StagedRecord[], mirrorKey: (record: StagedRecord) => string | undefined): Map<string, string> {
  const hashes = new Map<string, string>();
  const shared = new Set<string>();
  for (const record of staged) {
    const key = mirrorKey(record);
    if (key === undefined || record.rawHash === null) continue;
    if (hashes.has(key)) shared.add(key);
    hashes.set(key, record.rawHash);
  }
  for (const key of shared) hashes.delete(key);
  return hashes;
}
