import { SimMutationError } from './mutation-error.js';

/** Fields the store owns: a control request may not set them through a patch. */
const STORE_OWNED_FIELDS = new Set(['id', 'created', 'lastModified', 'status']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Applies a control-endpoint patch to a record without touching the original. Semantics, chosen
 * so tests can write the smallest patch that says what they mean:
 * - a top-level key replaces the field; `null` removes an optional field (e.g. `email: null`);
 * - a nested object (name, student, teacher, staff, contact) merges one level deep, so
 *   `{ name: { first: 'Zoë' } }` keeps the last name; `null` inside removes that sub-field;
 * - arrays are replaced whole (`schoolIds`, `studentIds`, ...).
 * The result is shape-checked by the caller.
 */
export function mergeRecordPatch<T extends object>(record: T, patch: unknown, what: string): T {
  if (!isPlainObject(patch)) throw new SimMutationError('invalid', `${what}: patch must be a JSON object`);
  const merged: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch)) {
    if (STORE_OWNED_FIELDS.has(key)) {
      throw new SimMutationError('invalid', `${what}: ${key} is managed by the store and cannot be patched (use a delete mutation for status)`);
    }
    const current = merged[key];
    if (value === null) delete merged[key];
    else if (isPlainObject(value) && isPlainObject(current)) merged[key] = withoutNulls({ ...current, ...value });
    else merged[key] = value;
  }
  return merged as T;
}

function withoutNulls(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null));
}
