import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/** SHA-256 of the canonical JSON: equal documents, equal hashes, whatever their key order (one-shot `hash`: the same digest as a createHash object, at half the CPU). */
export function contentHash(value: unknown): string {
  return hash('sha256', canonicalJson(value), 'base64url');
}
