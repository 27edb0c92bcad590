import type { RosterKind } from '../../domain/roster.js';
import type { RosterBatch } from '../types.js';
import { eventSchema } from './schemas.js';
import { transformCleverPage } from './transform.js';

/**
 * One Clever event → one canonical change. Event types are `<record type>.<created|updated|
 * deleted>` (spec/v3.0-events.yml); `data.object` is the full record after the change (for a
 * delete: as it was).
 *
 * - `upsert`: `batch` holds the canonical record(s); a `sections.*` batch holds the section AND
 *   its complete enrollment list, which replaces the section's previous enrollments.
 * - `delete`: remove `sourceId` of `kind` (for sections: with its enrollments). A user left with
 *   only the contact role is a delete too, since contacts are never canonical users.
 * - `ignore`: districts, resources and unknown types; `batch.errors` explains unusable events.
 */
type CleverEventOp = 'upsert' | 'delete' | 'ignore';

export interface CleverEventChange {
  eventId: string;
  type: string;
  /** When Clever recorded the event. */
  created?: string;
  kind: RosterKind | null;
  op: CleverEventOp;
  sourceId: string;
  batch: RosterBatch;
  /** Why an event is ignored. */
  reason?: string;
}

const KINDS_BY_RECORD_TYPE: Readonly<Record<string, RosterKind>> = {
  schools: 'schools',
  terms: 'terms',
  courses: 'courses',
  users: 'users',
  sections: 'sections',
};

function ignored(eventId: string, type: string, reason: string): CleverEventChange {
  return { eventId, type, kind: null, op: 'ignore', sourceId: '', batch: { errors: [] }, reason };
}

export function transformCleverEvent(payload: unknown): CleverEventChange {
  const parsed = eventSchema.safeParse(payload);
  if (!parsed.success) {
    const id = (payload as { id?: unknown } | null)?.id;
    const issue = parsed.error.issues[0];
    return ignored(
      typeof id === 'string' ? id : '',
      '',
      `event violates the Clever definition at ${issue?.path.join('.') || '(event)'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const event = parsed.data;
  const eventId = event.id ?? '';
  const [recordType = '', action = ''] = event.type.split('.');
  const kind = KINDS_BY_RECORD_TYPE[recordType];
  if (kind === undefined || !['created', 'updated', 'deleted'].includes(action)) return ignored(eventId, event.type, `not a roster record event`);

  const object = event.data?.object;
  const sourceId = (object as { id?: unknown } | undefined)?.id;
  const base = { eventId, type: event.type, ...(event.created !== undefined ? { created: event.created } : {}), kind };
  if (typeof sourceId !== 'string' || sourceId === '') {
    return {
      ...base,
      op: 'ignore',
      sourceId: '',
      batch: { errors: [{ kind, sourceId: eventId, field: 'data.object.id', message: 'event carries no record id' }] },
    };
  }
  if (action === 'deleted') return { ...base, op: 'delete', sourceId, batch: { errors: [] } };

  const batch = transformCleverPage(kind, [object]);
  const produced = (batch[kind]?.length ?? 0) > 0;
  if (!produced && batch.errors.length === 0) return { ...base, op: 'delete', sourceId, batch };
  return { ...base, op: 'upsert', sourceId, batch };
}
