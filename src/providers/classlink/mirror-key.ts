import { enrollmentKey, type RosterKind } from '../../domain/roster.js';
import type { RawRecord } from '../types.js';

const referencedId = (payload: unknown, field: 'class' | 'user'): string | undefined => {
  if (payload === null || typeof payload !== 'object') return undefined;
  const reference: unknown = (payload as Record<string, unknown>)[field];
  if (reference === null || typeof reference !== 'object') return undefined;
  const id: unknown = (reference as Record<string, unknown>).sourcedId;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
};

/**
 * The mirror key a OneRoster record's transform gives it, read straight from the payload:
 * its `sourcedId`, except an enrollment, which the mirror keys by section and user (1.1 gives
 * an enrollment an id of its own, but membership is the pair). Undefined when the payload does
 * not name both; the transform then decides what it is.
 */
export function oneRosterMirrorKey(kind: RosterKind, record: RawRecord): string | undefined {
  if (kind !== 'enrollments') return record.sourceId;
  const sectionId = referencedId(record.payload, 'class');
  const userId = referencedId(record.payload, 'user');
  return sectionId !== undefined && userId !== undefined ? enrollmentKey({ sectionId, userId }) : undefined;
}
