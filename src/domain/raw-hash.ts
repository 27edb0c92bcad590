import { createHash, hash } from 'node:crypto';

/**
 * Raise whenever a provider's transform makes something else of the same payload: every
 * stored raw hash then differs, and the next full sync transforms every record again.
 */
const TRANSFORM_VERSION = 'transform-1';

/**
 * Hash of one SIS payload as fetched (after the provider's own resolution, e.g. OneRoster
 * context). The same payload fetched again gives the same hash; a full sync then knows the
 * record it would transform is the one the mirror already holds. Not canonical: a SIS that
 * reorders keys only costs a transform, never a missed change. One-shot `hash` (every fetched
 * record is hashed): half the CPU of a createHash object per record, the same digest.
 */
export function rawHash(payload: unknown): string {
  return hash('sha256', `${TRANSFORM_VERSION}\n${JSON.stringify(payload)}`, 'base64url');
}

/**
 * Hash of one SIS page: the kind, whatever the client resolved its payloads with, and the
 * response body as received (the parts, in order). Hashing the body once costs a fraction of
 * hashing each of its records, and a page fetched again unchanged gives the same hash
 * (RawPage.digest). Fed part by part: joining them first would copy the body.
 */
export function rawPageHash(parts: readonly string[]): string {
  const digest = createHash('sha256').update(TRANSFORM_VERSION);
  for (const part of parts) digest.update('\n').update(part);
  return digest.digest('base64url');
}
