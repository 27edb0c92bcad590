import type { DistrictStore, SimChange, SimKind, SimSection, SimUser } from '../district/model.js';
import { renderRecord, type CleverObject } from './render.js';

/**
 * Clever events (spec/v3.0-events.yml): `{ id, type: "<kind>.<created|updated|deleted>",
 * created, data: { object } }`. Event ids are derived from the store's change sequence: the
 * sequence number in hex, padded to 24 characters like every Clever id, so ids sort in the
 * order the changes happened (Clever returns events oldest first).
 *
 * `previous_attributes` (updates only) holds the changed top-level attributes as they were.
 * Clever's documentation places it inside `data`, next to `object`; the Swagger file declares
 * it beside `data` but types every value as an object, which cannot describe a changed string
 * such as `email`. We follow the documented placement, which the Swagger `*Object` definitions
 * admit because they do not forbid additional properties.
 */
export function eventIdOf(seq: number): string {
  return seq.toString(16).padStart(24, '0');
}

/** The change sequence behind an event id, or undefined when the id is not one of ours. */
export function seqOfEventId(id: string): number | undefined {
  if (!/^[0-9a-f]{24}$/.test(id)) return undefined;
  const seq = Number.parseInt(id, 16);
  return Number.isSafeInteger(seq) ? seq : undefined;
}

export function renderEvent(change: SimChange, districtId: string): CleverObject {
  const object = renderRecord(change.kind, change.record, districtId);
  const data: CleverObject = { object };
  if (change.type === 'updated' && change.previous) {
    const before = renderRecord(change.kind, change.previous, districtId);
    const previous: CleverObject = {};
    for (const [key, value] of Object.entries(before)) {
      if (JSON.stringify(value) !== JSON.stringify(object[key])) previous[key] = value;
    }
    data.previous_attributes = previous;
  }
  return { id: eventIdOf(change.seq), type: `${change.kind}.${change.type}`, created: change.at, data };
}

/** Whether a change touches `schoolId` (the Events API `school` filter). */
export function changeTouchesSchool(change: SimChange, schoolId: string): boolean {
  switch (change.kind) {
    case 'schools':
      return change.record.id === schoolId;
    case 'sections':
      return (change.record as SimSection).schoolId === schoolId;
    case 'users':
      return (change.record as SimUser).schoolIds.includes(schoolId);
    default:
      return false;
  }
}

/** Walks retained changes after `afterSeq` in chunks, oldest first. */
export function* changesFrom(store: DistrictStore, afterSeq: number): Generator<SimChange> {
  let cursor = afterSeq;
  for (;;) {
    const chunk = store.changesAfter(cursor, 500);
    if (chunk.length === 0) return;
    for (const change of chunk) yield change;
    cursor = (chunk.at(-1) as SimChange).seq;
  }
}

/** True while the change with this sequence is still retained (not expired, not invented). */
export function isRetained(store: DistrictStore, seq: number): boolean {
  return store.changesAfter(seq - 1, 1)[0]?.seq === seq;
}

export const EVENT_KINDS: readonly SimKind[] = ['schools', 'terms', 'courses', 'users', 'sections'];
