import type { ChangeFeedPage, ChangesRequest, RosterChange } from '../types.js';
import type { CleverApi } from './clever-api.js';
import { fetchCleverEvents, latestCleverEventId } from './clever-events.js';
import { CleverCursorExpiredError } from './errors.js';
import { transformCleverEvent, type CleverEventChange } from './event-transform.js';

/**
 * Clever's change feed is its Events API: one stream for every record type, oldest first, and
 * the high-water mark is an event id. A district that had no event yet when its full sync
 * started gets `BEFORE_ANY_EVENT` + that instant instead: the next run reads from the oldest
 * retained event, which is valid for as long as that instant is inside the 30-day window.
 */
const BEFORE_ANY_EVENT = '@';
const EVENTS_WINDOW_MS = 30 * 24 * 3600 * 1000;
const EVENTS_ROUTE = '/v3.0/events';
const EVENTS_PER_PAGE = 1000;

export async function cleverStartingHighWater(api: CleverApi, now: Date, signal?: AbortSignal): Promise<string> {
  return (await latestCleverEventId(api, signal)) ?? `${BEFORE_ANY_EVENT}${now.toISOString()}`;
}

/** One page of events after the cursor (or `since`), as canonical changes in event order. */
export async function fetchCleverChanges(api: CleverApi, request: ChangesRequest, now = new Date()): Promise<ChangeFeedPage> {
  const after = request.cursor ?? request.since;
  let from: string | null = after;
  if (after.startsWith(BEFORE_ANY_EVENT)) {
    // No event existed at the last full sync: every retained event is newer, unless the window has since moved past it.
    if (now.getTime() - Date.parse(after.slice(BEFORE_ANY_EVENT.length)) > EVENTS_WINDOW_MS) throw new CleverCursorExpiredError(EVENTS_ROUTE, after);
    from = null;
  }
  const page = await fetchCleverEvents(api, from, { limit: EVENTS_PER_PAGE, ...(request.signal ? { signal: request.signal } : {}) });
  const last = page.events.length > 0 ? (page.nextCursor ?? after) : after;
  return {
    changes: page.events.flatMap((event) => changesOfEvent(transformCleverEvent(event))),
    nextCursor: page.hasMore ? last : null,
    count: page.events.length,
    highWater: last,
  };
}

/**
 * A Clever event as canonical changes: a delete, or an upsert whose section (if it is one)
 * lists its complete roster. Ignored events (districts, unusable payloads) change nothing.
 */
function changesOfEvent(change: CleverEventChange): RosterChange[] {
  if (!change.kind || change.op === 'ignore') return [];
  if (change.op === 'delete') return [{ op: 'delete', kind: change.kind, sourceIds: [change.sourceId] }];
  return [{ op: 'upsert', batch: change.batch, ...(change.kind === 'sections' ? { completeEnrollmentsOf: change.sourceId } : {}) }];
}

/** Clever webhook events carry the record as it is now: no SIS read is needed. */
export function cleverWebhookChanges(payloads: readonly unknown[]): RosterChange[] {
  return payloads.flatMap((payload) => changesOfEvent(transformCleverEvent(payload)));
}
