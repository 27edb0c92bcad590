import { SisRequestError, SisSchemaError } from '../errors.js';
import type { CleverApi } from './clever-api.js';
import { CleverCursorExpiredError } from './errors.js';
import { collectionSchema, eventSchema, type CleverEvent } from './schemas.js';

/**
 * Events API reads (spec/v3.0-events.yml `GET /events`): oldest first, paged with
 * `starting_after=<event id>`. Clever keeps 30 days of events; asked to start after an event it
 * no longer has, it answers 404 NotFound, which we surface as CleverCursorExpiredError so the
 * engine falls back to a full sync instead of silently skipping changes.
 */
export interface FetchEventsOptions {
  /** Events per page, 1..10000. Default 1000. */
  limit?: number;
  /** Only these record types (`users`, `sections`, …): the `record_type` filter. */
  recordTypes?: readonly string[];
  signal?: AbortSignal;
}

export interface CleverEventPage {
  /** Raw event objects (the inner `data` of each element), validated against `Event`. */
  events: CleverEvent[];
  /** Resume point: the last event id seen, or the cursor passed in when the page is empty. */
  nextCursor: string | null;
  /** True while Clever holds more events after this page (`next` link present). */
  hasMore: boolean;
}

const ROUTE = '/v3.0/events';

export async function fetchCleverEvents(api: CleverApi, afterEventId: string | null, options: FetchEventsOptions = {}): Promise<CleverEventPage> {
  const limit = Math.max(1, Math.min(10_000, Math.floor(options.limit ?? 1000)));
  const query = new URLSearchParams({ limit: String(limit) });
  if (afterEventId !== null) query.set('starting_after', afterEventId);
  for (const type of options.recordTypes ?? []) query.append('record_type', type);

  let body: unknown;
  try {
    body = await api.get(ROUTE, `${ROUTE}?${query.toString()}`, options.signal);
  } catch (error) {
    if (afterEventId !== null && error instanceof SisRequestError && error.status === 404) {
      throw new CleverCursorExpiredError(ROUTE, afterEventId);
    }
    throw error;
  }
  const envelope = collectionSchema.safeParse(body);
  if (!envelope.success) throw new SisSchemaError('clever', ROUTE, envelope.error.issues[0]?.path.join('.') ?? '(body)', 'not an events collection');
  const events: CleverEvent[] = [];
  for (const [index, element] of (envelope.data.data ?? []).entries()) {
    const event = eventSchema.safeParse(element.data);
    if (!event.success) {
      const issue = event.error.issues[0];
      throw new SisSchemaError('clever', ROUTE, `data[${index}].data.${issue?.path.join('.') ?? ''}`, issue?.message ?? 'invalid event');
    }
    if (!event.data.id) throw new SisSchemaError('clever', ROUTE, `data[${index}].data.id`, 'event has no id');
    events.push(event.data);
  }
  const hasMore = (envelope.data.links ?? []).some((link) => link.rel === 'next');
  return { events, nextCursor: events.at(-1)?.id ?? afterEventId, hasMore };
}

/**
 * Walks the retained events to the newest and returns its id. Clever documents no "latest"
 * shortcut, so a full sync reads this BEFORE paging the data and later resumes events from it:
 * any change made during the full sync is then replayed, which is harmless (events are
 * idempotent upserts/deletes).
 */
export async function latestCleverEventId(api: CleverApi, signal?: AbortSignal): Promise<string | null> {
  let cursor: string | null = null;
  for (;;) {
    const page: CleverEventPage = await fetchCleverEvents(api, cursor, { limit: 10_000, ...(signal ? { signal } : {}) });
    cursor = page.nextCursor;
    if (!page.hasMore) return cursor;
  }
}
