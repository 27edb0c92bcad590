import { canonicalJson } from './canonical-json.js';

/** Top-level attributes whose value differs between the applied and the desired document. */
export function changedFields(applied: Record<string, unknown>, desired: object): string[] {
  const desiredRecord = desired as Record<string, unknown>;
  const keys = new Set([...Object.keys(applied), ...Object.keys(desiredRecord)]);
  return [...keys].filter((key) => canonicalJson(applied[key]) !== canonicalJson(desiredRecord[key])).sort();
}
