import type { RosterKind } from '../../domain/roster.js';
import { SisRequestError } from '../errors.js';
import type { RawRecord } from '../types.js';
import type { OneRosterApi } from './oneroster-api.js';
import { resolveClass, resolveUser, type RosterContext } from './roster-context.js';

/** The single-record route (REST binding §3.3, `GET /<collection>/{sourcedId}`) and its envelope key. */
const SINGLE_ENDPOINTS: Record<RosterKind, { route: string; singular: string }> = {
  schools: { route: '/schools', singular: 'org' },
  terms: { route: '/terms', singular: 'academicSession' },
  courses: { route: '/courses', singular: 'course' },
  users: { route: '/users', singular: 'user' },
  sections: { route: '/classes', singular: 'class' },
  enrollments: { route: '/enrollments', singular: 'enrollment' },
};

/** Concurrent single-record reads; the client's own retry and rate-limit handling applies to each. */
const CONCURRENCY = 8;

export interface RecordsById {
  /** Staged the way a listing stages them (users and classes resolved), ready for transformDelta. */
  found: RawRecord[];
  /** Ids the SIS answered 404 for: the record no longer exists there. */
  missing: string[];
}

/**
 * Reads named records one by one (a webhook names what changed; the bridge fetches the
 * current state itself rather than trusting a pushed payload).
 */
export async function fetchRecordsById(
  api: OneRosterApi,
  kind: RosterKind,
  sourcedIds: readonly string[],
  context: RosterContext | undefined,
  signal?: AbortSignal,
): Promise<RecordsById> {
  const { route, singular } = SINGLE_ENDPOINTS[kind];
  const found: RawRecord[] = [];
  const missing: string[] = [];
  const queue = [...new Set(sourcedIds)];
  const readNext = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      try {
        const { body } = await api.getJson(`${route}/${encodeURIComponent(id)}`, {}, signal);
        const record = body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[singular] : undefined;
        let payload: unknown = record;
        if (context && kind === 'users') payload = resolveUser(record, context);
        if (context && kind === 'sections') payload = resolveClass(record, context);
        found.push({ sourceId: id, payload });
      } catch (error) {
        if (error instanceof SisRequestError && error.status === 404) missing.push(id);
        else throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, readNext));
  return { found, missing };
}
