import type { Database } from '../db/database.js';
import { writeMirrorRows, type MirrorScope } from '../db/queries/roster-records.js';
import { recordErrors } from '../db/queries/sync-record-errors.js';
import { recordSeenKeys } from '../db/queries/sync-seen-keys.js';
import { enrollmentKey, ROSTER_KINDS, type RosterEnrollment, type RosterKind, type RosterRecordByKind } from '../domain/roster.js';
import type { RosterBatch } from '../providers/types.js';
import { contentHash } from '../domain/content-hash.js';
import { mappingFingerprint } from '../domain/mapping-fingerprint.js';
import { desiredHashes } from './desired-hashes.js';
import type { MappingLookups } from '../domain/desired-documents.js';

export type { MirrorScope } from '../db/queries/roster-records.js';

const UPSERT_CHUNK = 1000;

export function mirrorKey(kind: RosterKind, record: RosterRecordByKind[RosterKind]): string {
  return kind === 'enrollments' ? enrollmentKey(record as RosterEnrollment) : (record as { sourceId: string }).sourceId;
}

export interface UpsertOptions {
  /** What the SCIM documents are mapped with: each user's and section's desired hash is stored with it. */
  lookups: MappingLookups;
  /** Full and selective runs record the keys they saw, for their sweep. */
  recordSeen: boolean;
  /** Hashes of the staged payloads the batch was transformed from, by mirror key, for records of `kind` (see rawHashesByMirrorKey). */
  rawHashes?: { kind: RosterKind; byMirrorKey: ReadonlyMap<string, string> };
}

/**
 * Writes a transformed batch into the mirror (only what changed is rewritten, see
 * writeMirrorRows), each user and section with the hash of its desired SCIM document and the
 * fingerprint of the lookups it was computed with, each record transformed from a staged
 * payload with that payload's hash, and the batch's per-record errors.
 */
export async function upsertRosterBatch(db: Database, scope: MirrorScope, batch: RosterBatch, options: UpsertOptions): Promise<number> {
  let written = 0;
  for (const kind of ROSTER_KINDS) {
    const records = batch[kind] as RosterRecordByKind[RosterKind][] | undefined;
    if (!records?.length) continue;
    for (let start = 0; start < records.length; start += UPSERT_CHUNK) {
      const chunk = records.slice(start, start + UPSERT_CHUNK);
      const desired =
        kind === 'users' || kind === 'sections'
          ? await desiredHashes(db, scope.tenantId, options.lookups, { [kind]: chunk as RosterRecordByKind['users' | 'sections'][] })
          : new Map<string, string>();
      const mapped = kind === 'users' || kind === 'sections' ? mappingFingerprint(options.lookups) : null;
      const rawHashes = options.rawHashes?.kind === kind ? options.rawHashes.byMirrorKey : undefined;
      const rows = chunk.map((record) => {
        const sourceId = mirrorKey(kind, record);
        const desiredHash = desired.get(`${kind}:${sourceId}`) ?? null;
        return {
          source_id: sourceId,
          data: record,
          hash: contentHash(record),
          desired_hash: desiredHash,
          raw_hash: rawHashes?.get(sourceId) ?? null,
          mapping_hash: desiredHash === null ? null : mapped,
        };
      });
      await writeMirrorRows(db, scope, kind, rows);
      if (options.recordSeen)
        await recordSeenKeys(
          db,
          scope.runId,
          kind,
          rows.map((row) => row.source_id),
        );
      written += rows.length;
    }
  }
  await recordErrors(db, scope.runId, batch.errors);
  return written;
}
