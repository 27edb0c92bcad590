import type { z } from 'zod';
import type { RosterKind } from '../../domain/roster.js';
import { SisRequestError, SisSchemaError } from '../errors.js';
import type { FetchPageOptions, RawPage, RawRecord, RosterBatch, SisClient } from '../types.js';
import { CleverApi, type CleverApiOptions } from './clever-api.js';
import { cleverStartingHighWater, cleverWebhookChanges, fetchCleverChanges } from './clever-change-feed.js';
import { belongsToEarlierPass, decodeUsersCursor, encodeUsersCursor, nextUserPass } from './cursor.js';
import { fetchCleverEvents, latestCleverEventId, type CleverEventPage, type FetchEventsOptions } from './clever-events.js';
import { transformCleverEvent, type CleverEventChange } from './event-transform.js';
import { collectionSchema, courseSchema, schoolSchema, sectionSchema, termSchema, userSchema } from './schemas.js';
import { transformCleverPage } from './transform.js';

export interface CleverClientOptions extends CleverApiOptions {
  /** Records per page; Clever allows 1..10000. Default 1000. */
  pageSize?: number;
}

export interface CleverClient extends SisClient {
  readonly provider: 'clever';
  /**
   * Events after `afterEventId` (null: the oldest retained), oldest first; `options` may be just
   * the page size. Throws CleverCursorExpiredError when the id is outside the 30-day window.
   */
  fetchEvents(afterEventId: string | null, options?: FetchEventsOptions | number): Promise<CleverEventPage>;
  /** The newest event id right now (null when the district has none): a full sync's event cursor. */
  latestEventId(signal?: AbortSignal): Promise<string | null>;
  /** Pure: one raw event (as returned in CleverEventPage.events) → canonical change. */
  transformEvent(event: unknown): CleverEventChange;
}

/** Clever's maximum `limit`; larger values are answered 413. */
const CLEVER_MAX_PAGE_SIZE = 10_000;

type PagedKind = Exclude<RosterKind, 'enrollments'>;
const RECORD_SCHEMAS: Record<PagedKind, z.ZodType> = {
  schools: schoolSchema,
  terms: termSchema,
  courses: courseSchema,
  users: userSchema,
  sections: sectionSchema,
};

function clampLimit(limit: number | undefined, fallback: number): number {
  return Math.max(1, Math.min(CLEVER_MAX_PAGE_SIZE, Math.floor(limit ?? fallback)));
}

function schemaErrorAt(route: string, prefix: string, error: z.ZodError): SisSchemaError {
  const issue = error.issues[0];
  const path = (issue?.path ?? []).map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('');
  const field = `${prefix}${path}`.replace(/^\./, '') || '(body)';
  return new SisSchemaError('clever', route, field, issue?.message ?? 'invalid');
}

export function createCleverClient(options: CleverClientOptions): CleverClient {
  const api = new CleverApi(options);
  const defaultPageSize = clampLimit(options.pageSize, 1000);

  /** One validated collection page: each element's `data` checked against its definition. */
  async function getCollection(kind: PagedKind, query: URLSearchParams, signal?: AbortSignal) {
    const route = `/v3.0/${kind}`;
    const body = await api.get(route, `${route}?${query.toString()}`, signal);
    const envelope = collectionSchema.safeParse(body);
    if (!envelope.success) throw schemaErrorAt(route, '', envelope.error);
    const records: RawRecord[] = [];
    for (const [index, element] of (envelope.data.data ?? []).entries()) {
      const record = RECORD_SCHEMAS[kind].safeParse(element.data);
      if (!record.success) throw schemaErrorAt(route, `data[${index}].data`, record.error);
      const id = (element.data as { id?: unknown }).id;
      if (typeof id !== 'string' || id === '') throw new SisSchemaError('clever', route, `data[${index}].data.id`, 'record has no id');
      records.push({ sourceId: id, payload: element.data });
    }
    const hasNext = (envelope.data.links ?? []).some((link) => link.rel === 'next');
    return { records, hasNext };
  }

  async function fetchPage(kind: RosterKind, cursor: string | null, pageOptions: FetchPageOptions = {}): Promise<RawPage> {
    // Clever has no enrollment collection: sections pages carry them (see fetchKinds).
    if (kind === 'enrollments') return { records: [], nextCursor: null };
    const limit = clampLimit(pageOptions.limit, defaultPageSize);
    const query = new URLSearchParams({ limit: String(limit) });
    if (kind !== 'users') {
      if (cursor) query.set('starting_after', cursor);
      const page = await getCollection(kind, query, pageOptions.signal);
      return { records: page.records, nextCursor: page.hasNext ? (page.records.at(-1)?.sourceId ?? null) : null };
    }

    const usersCursor = decodeUsersCursor(cursor);
    if (!usersCursor) throw new SisRequestError('clever', '/v3.0/users', `not a users cursor of this client: ${cursor}`);
    query.set('role', usersCursor.role);
    if (usersCursor.after) query.set('starting_after', usersCursor.after);
    const page = await getCollection('users', query, pageOptions.signal);
    const lastId = page.records.at(-1)?.sourceId;
    const records = page.records.filter((record) => !belongsToEarlierPass((record.payload as { roles?: Record<string, unknown> }).roles, usersCursor.role));
    const following = nextUserPass(usersCursor.role);
    let nextCursor: string | null = null;
    if (page.hasNext && lastId) nextCursor = encodeUsersCursor({ role: usersCursor.role, after: lastId });
    else if (following) nextCursor = encodeUsersCursor({ role: following, after: undefined });
    return { records, nextCursor };
  }

  return {
    provider: 'clever',
    fetchKinds: ['schools', 'terms', 'courses', 'users', 'sections'],

    async verifyCredentials(signal?: AbortSignal): Promise<void> {
      // Any 2xx is not enough: the answer must be a Clever collection, or this is not Clever.
      const body = await api.get('/v3.0/districts', '/v3.0/districts', signal);
      const envelope = collectionSchema.safeParse(body);
      if (!envelope.success || !Array.isArray(envelope.data.data))
        throw new SisSchemaError('clever', '/v3.0/districts', 'data', 'expected a Clever collection {data: [...]}');
    },

    fetchPage,

    async *pages(kind: RosterKind, cursor: string | null, pageOptions?: FetchPageOptions): AsyncIterable<RawPage> {
      let next: string | null = cursor;
      do {
        const page = await fetchPage(kind, next, pageOptions);
        yield page;
        next = page.nextCursor;
      } while (next !== null);
    },

    transform(kind: RosterKind, payloads: readonly unknown[]): RosterBatch {
      return transformCleverPage(kind, payloads);
    },
    // Every Clever record is keyed by its own id (enrollments come inside their section's payload).
    mirrorKey: (_kind, record) => record.sourceId,

    changeFeed: 'one-stream',
    startingHighWater: (now, signal) => cleverStartingHighWater(api, now, signal),
    // The feed names its own high-water mark (the last event applied); until a page does, the run keeps `since`.
    incrementalHighWater: (since) => since,
    fetchChanges: (request) => fetchCleverChanges(api, request),
    readWebhookChanges: async (events) => cleverWebhookChanges(events.map((event) => event.payload)),

    fetchEvents: (afterEventId, eventOptions) =>
      fetchCleverEvents(api, afterEventId, typeof eventOptions === 'number' ? { limit: eventOptions } : eventOptions),
    latestEventId: (signal) => latestCleverEventId(api, signal),
    transformEvent: transformCleverEvent,
  };
}
