import type { Database } from '../db/database.js';
import type { ClassLinkClient } from '../providers/classlink/classlink-client.js';
import type { CleverClient } from '../providers/clever/clever-client.js';
import { CleverCursorExpiredError } from '../providers/clever/errors.js';
import type { CleverEventChange } from '../providers/clever/event-transform.js';
import type { RosterBatch } from '../providers/types.js';
import type { SyncScope } from '../temporal/sync-contract.js';
import { markDeleted, markDroppedEnrollments } from './mirror-deletions.js';
import { upsertRosterBatch, type MirrorScope } from './roster-mirror.js';
import { restrictBatch } from './sync-scope.js';

/** How far back a OneRoster delta reaches before the stored high-water mark (clock skew, late commits). */
export const DELTA_SAFETY_SKEW_MS = 5 * 60 * 1000;

export interface ChangesPage {
  nextCursor: string | null;
  count: number;
  /** Clever: the last event id applied (the new high-water mark once the run completes). */
  lastEventId?: string;
}

/** Cursor prefix for "before the district's first event", followed by when that was recorded. */
export const BEFORE_ANY_EVENT = '@';
const EVENTS_WINDOW_MS = 30 * 24 * 3600 * 1000;

/** One page of Clever events since `after`, applied to the mirror in event order. */
export async function applyCleverEvents(db: Database, client: CleverClient, scope: MirrorScope, after: string, syncScope: SyncScope | undefined, signal?: AbortSignal): Promise<ChangesPage> {
  let from: string | null = after;
  if (after.startsWith(BEFORE_ANY_EVENT)) {
    // No event existed at the last full sync: every retained event is newer, unless the window has since moved past it.
    if (Date.now() - Date.parse(after.slice(BEFORE_ANY_EVENT.length)) > EVENTS_WINDOW_MS) throw new CleverCursorExpiredError('/v3.0/events', after);
    from = null;
  }
  const page = await client.fetchEvents(from, { limit: 1000, ...(signal ? { signal } : {}) });
  for (const event of page.events) await applyCleverEventChange(db, scope, client.transformEvent(event), syncScope);
  const last = page.events.length > 0 ? page.nextCursor ?? after : after;
  return { nextCursor: page.hasMore ? last : null, count: page.events.length, lastEventId: last };
}

/**
 * One transformed Clever event into the mirror (from the Events API or a webhook): deletes
 * mark the record gone; a section upsert also drops enrollments its roster no longer lists.
 */
export async function applyCleverEventChange(db: Database, scope: MirrorScope, change: CleverEventChange, syncScope?: SyncScope): Promise<void> {
  if (!change.kind || change.op === 'ignore') return;
  if (change.op === 'delete') {
    await markDeleted(db, scope, change.kind, [change.sourceId]);
    return;
  }
  await upsertRosterBatch(db, scope, restrictBatch(change.batch, syncScope, new Set()));
  if (change.kind === 'sections') {
    const keys = (change.batch.enrollments ?? []).map((enrollment) => `${enrollment.sectionId}:${enrollment.userId}`);
    await markDroppedEnrollments(db, scope, change.sourceId, keys);
  }
}

/** One page of a OneRoster `dateLastModified>` delta of a kind, applied to the mirror. */
export async function applyOneRosterDelta(
  db: Database,
  client: ClassLinkClient,
  scope: MirrorScope,
  kind: Parameters<ClassLinkClient['fetchPage']>[0],
  cursor: string | null,
  highWater: string,
  syncScope: SyncScope | undefined,
  signal?: AbortSignal,
): Promise<ChangesPage> {
  const since = new Date(Date.parse(highWater) - DELTA_SAFETY_SKEW_MS).toISOString();
  const page = await client.fetchPage(kind, cursor, { modifiedSince: since, ...(signal ? { signal } : {}) });
  const delta = client.transformDelta(kind, page.records.map((record) => record.payload));
  const batch: RosterBatch = restrictBatch(delta.batch, syncScope, new Set());
  await upsertRosterBatch(db, scope, batch);
  await markDeleted(db, scope, kind, delta.deleted);
  return { nextCursor: page.nextCursor, count: page.records.length };
}
