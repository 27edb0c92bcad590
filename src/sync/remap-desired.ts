import type { Database } from '../db/database.js';
import { rowsMappedOtherwise, writeRemappedRows, type MirrorScope } from '../db/queries/roster-records.js';
import type { MappingLookups } from '../domain/desired-documents.js';
import { mappingFingerprint } from '../domain/mapping-fingerprint.js';
import type { RosterSection, RosterUser } from '../domain/roster.js';
import { desiredHashes } from './desired-hashes.js';

const REMAP_CHUNK = 1000;

/**
 * A full sync transforms only the records whose payload changed (src/sync/stage-fetched-page.ts),
 * but a desired SCIM document also depends on the names of schools, courses and terms and on
 * the mapping settings. Before planning, every live user and section whose desired hash was
 * computed with other lookups is mapped again with this run's. Costs one scan when nothing
 * changed; a school renamed remaps every user.
 */
export async function remapStaleDesired(db: Database, scope: MirrorScope, lookups: MappingLookups): Promise<number> {
  const fingerprint = mappingFingerprint(lookups);
  let remapped = 0;
  for (const kind of ['users', 'sections'] as const) {
    for (let after = ''; ;) {
      const rows = await rowsMappedOtherwise(db, scope.providerId, kind, fingerprint, after, REMAP_CHUNK);
      if (rows.length === 0) break;
      const records = rows.map((row) => row.data);
      const desired = await desiredHashes(
        db,
        scope.tenantId,
        lookups,
        kind === 'users' ? { users: records as RosterUser[] } : { sections: records as RosterSection[] },
      );
      await writeRemappedRows(
        db,
        scope,
        kind,
        rows.map((row) => ({ source_id: row.sourceId, desired_hash: desired.get(`${kind}:${row.sourceId}`)!, mapping_hash: fingerprint })),
      );
      remapped += rows.length;
      after = rows[rows.length - 1]!.sourceId;
    }
  }
  return remapped;
}
