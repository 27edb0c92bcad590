import type { RosterKind } from '../../domain/roster.js';
import type { FetchPageOptions, RawPage, RosterBatch, SisClient } from '../types.js';
import { fetchOneRosterChanges, readNotifiedChanges } from './classlink-change-feed.js';
import { createOAuth1Signer } from './oauth1-signer.js';
import { createOneRosterApi, type RetryPolicy } from './oneroster-api.js';
import { fetchRecordsById, type RecordsById } from './records-by-id.js';
import { loadRosterContext, resolveClass, resolveUser, type RosterContext } from './roster-context.js';
import { oneRosterMirrorKey } from './mirror-key.js';
import { rawPageHash } from '../../domain/raw-hash.js';
import { transformOneRoster, transformOneRosterDelta, type RosterDelta } from './transform.js';

/**
 * ClassLink (OneRoster 1.1 REST, OAuth 1.0a HMAC-SHA256) as a SisClient.
 *
 * - Cursor: the `offset` of the next page, as a decimal string. Default order is ascending
 *   sourcedId, so offsets stay stable while the district is unchanged.
 * - Deltas: `modifiedSince` adds `filter=dateLastModified>'…'` (REST binding §3.4.2). Deleted
 *   records come back as `status: 'tobedeleted'`; `transform` (full sync) leaves them out and
 *   `transformDelta` returns their ids in `deleted` (enrollments as `enrollmentKey`).
 * - Users and sections are staged "resolved" (schemas.ts): the raw record plus org types and
 *   teacher enrollments read from the same server, because a 1.1 user cannot say whether its
 *   org is the district or whether it teaches, and a 1.1 class does not list its teachers.
 *   That context is re-read whenever a users/sections listing starts (cursor null) and reused
 *   when one resumes. A delta does not re-send a user whose only change is a new teacher enrollment.
 */

export interface ClassLinkClientOptions {
  /** The OneRoster base, e.g. https://example.oneroster.com/ims/oneroster/v1p1 */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  /** Default page size (default 1000; the simulator and most servers cap at 10000). */
  pageSize?: number;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Clock for OAuth timestamps (ms since epoch). */
  now?: () => number;
}

export interface ClassLinkClient extends SisClient {
  readonly provider: 'classlink';
  /** Like `transform`, plus the source ids the SIS marked 'tobedeleted' (for delta syncs). */
  transformDelta(kind: RosterKind, payloads: readonly unknown[]): RosterDelta;
}

const MAX_PAGE_SIZE = 10_000;

/** Where each canonical kind lives in 1.1 and its JSON envelope. */
const ENDPOINTS: Record<RosterKind, { route: string; plural: string }> = {
  schools: { route: '/schools', plural: 'orgs' },
  terms: { route: '/terms', plural: 'academicSessions' },
  courses: { route: '/courses', plural: 'courses' },
  users: { route: '/users', plural: 'users' },
  sections: { route: '/classes', plural: 'classes' },
  enrollments: { route: '/enrollments', plural: 'enrollments' },
};

function offsetOf(cursor: string | null): number {
  if (cursor === null) return 0;
  if (!/^\d+$/.test(cursor)) throw new Error(`not a ClassLink cursor: ${JSON.stringify(cursor)}`);
  return Number(cursor);
}

export function createClassLinkClient(options: ClassLinkClientOptions): ClassLinkClient {
  const api = createOneRosterApi({
    baseUrl: options.baseUrl,
    sign: createOAuth1Signer({ consumerKey: options.consumerKey, consumerSecret: options.consumerSecret, ...(options.now && { now: options.now }) }),
    ...(options.retry && { retry: options.retry }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.fetch && { fetch: options.fetch }),
    ...(options.sleep && { sleep: options.sleep }),
    ...(options.random && { random: options.random }),
  });
  const defaultPageSize = Math.min(options.pageSize ?? 1000, MAX_PAGE_SIZE);
  let context: RosterContext | undefined;

  async function contextFor(cursor: string | null, signal?: AbortSignal): Promise<RosterContext> {
    if (cursor === null || !context) context = await loadRosterContext(api, MAX_PAGE_SIZE, signal);
    return context;
  }

  /** Named records by sourcedId (webhook notifications), staged like a listing; 404s come back as `missing`. */
  async function fetchRecords(kind: RosterKind, sourcedIds: readonly string[], fetchOptions: { signal?: AbortSignal } = {}): Promise<RecordsById> {
    const resolved = kind === 'users' || kind === 'sections' ? await contextFor(null, fetchOptions.signal) : undefined;
    return fetchRecordsById(api, kind, sourcedIds, resolved, fetchOptions.signal);
  }

  async function fetchPage(kind: RosterKind, cursor: string | null, fetchOptions: FetchPageOptions = {}): Promise<RawPage> {
    const { route, plural } = ENDPOINTS[kind];
    const offset = offsetOf(cursor);
    const limit = Math.max(1, Math.min(fetchOptions.limit ?? defaultPageSize, MAX_PAGE_SIZE));
    const filter = fetchOptions.modifiedSince === undefined ? undefined : `dateLastModified>'${fetchOptions.modifiedSince}'`;
    const resolved = kind === 'users' || kind === 'sections' ? await contextFor(cursor, fetchOptions.signal) : undefined;
    const page = await api.getList(route, plural, { limit: String(limit), offset: String(offset), filter }, fetchOptions.signal);

    const records = page.records.map((record) => {
      const sourcedId = record !== null && typeof record === 'object' && 'sourcedId' in record ? record.sourcedId : undefined;
      let payload: unknown = record;
      if (resolved && kind === 'users') payload = resolveUser(record, resolved);
      if (resolved && kind === 'sections') payload = resolveClass(record, resolved);
      return { sourceId: typeof sourcedId === 'string' ? sourcedId : '', payload };
    });
    const next = offset + page.records.length;
    const more = page.totalCount !== undefined ? next < page.totalCount : page.hasNextLink;
    const digest = rawPageHash([kind, resolved?.fingerprint ?? '', page.text]);
    return { records, nextCursor: more && page.records.length > 0 ? String(next) : null, digest };
  }

  return {
    provider: 'classlink',
    fetchKinds: ['schools', 'terms', 'courses', 'users', 'sections', 'enrollments'],

    async verifyCredentials(signal?: AbortSignal): Promise<void> {
      await api.getList('/orgs', 'orgs', { limit: '1' }, signal);
    },

    fetchPage,
    pageCursor: (page) => (page === 0 ? null : String(page * defaultPageSize)),

    async *pages(kind: RosterKind, cursor: string | null, fetchOptions?: FetchPageOptions): AsyncIterable<RawPage> {
      let next: string | null = cursor;
      do {
        const page: RawPage = await fetchPage(kind, next, fetchOptions);
        yield page;
        next = page.nextCursor;
      } while (next !== null);
    },

    transform(kind: RosterKind, payloads: readonly unknown[]): RosterBatch {
      return transformOneRoster(kind, payloads);
    },

    transformDelta: transformOneRosterDelta,
    mirrorKey: oneRosterMirrorKey,

    changeFeed: 'per-kind',
    startingHighWater: async (now) => now.toISOString(),
    // A delta cannot say how far it reached: the run's own start is the mark (changes made while it runs are read again next time).
    incrementalHighWater: (_since, now) => now.toISOString(),
    fetchChanges: (request) => fetchOneRosterChanges(fetchPage, request),
    readWebhookChanges: (events, signal) => readNotifiedChanges(fetchRecords, events, signal),
  };
}
