import { contentHash } from './content-hash.js';
import type { MappingLookups } from './desired-documents.js';

const fingerprints = new WeakMap<MappingLookups, string>();

/** Id → name, in id order: a record's other fields (dates, numbers) map into no document. */
const names = (map: ReadonlyMap<string, { name: string }>) =>
  [...map.entries()].map(([id, record]) => [id, record.name] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Fingerprint of everything besides the record that a desired SCIM document depends on: the
 * mapping settings and the names of schools, courses and terms (src/domain/desired-documents.ts
 * reads nothing else of them). A mirror row stores the one
 * its desired hash was computed with; a row whose record did not change but whose fingerprint
 * did is mapped again (src/sync/remap-desired.ts). Computed once per lookups object.
 */
export function mappingFingerprint(lookups: MappingLookups): string {
  let fingerprint = fingerprints.get(lookups);
  if (fingerprint === undefined) {
    fingerprint = contentHash({
      providerId: lookups.providerId,
      settings: lookups.settings,
      requireEmail: lookups.requireEmail,
      enterprise: lookups.enterprise,
      schools: names(lookups.schools),
      courses: names(lookups.courses),
      terms: names(lookups.terms),
    });
    fingerprints.set(lookups, fingerprint);
  }
  return fingerprint;
}
