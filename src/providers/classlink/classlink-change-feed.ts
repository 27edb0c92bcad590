import { ROSTER_KINDS, type RosterKind } from '../../domain/roster.js';
import type { ChangeFeedPage, ChangesRequest, FetchPageOptions, RawPage, ReceivedWebhookEvent, RosterChange } from '../types.js';
import type { RecordsById } from './records-by-id.js';
import { transformOneRosterDelta, type RosterDelta } from './transform.js';

/**
 * OneRoster 1.1 has no event stream: a collection filtered on `dateLastModified>'<since>'`
 * (REST binding §3.4.2) is the change feed of that kind, with deletions as `status:
 * 'tobedeleted'` tombstones. The high-water mark is an instant: the start of the run that read it.
 */

/** How far back a delta reaches before the stored high-water mark (clock skew between us and the SIS, late commits). */
const DELTA_SAFETY_SKEW_MS = 5 * 60 * 1000;

type FetchPage = (kind: RosterKind, cursor: string | null, options?: FetchPageOptions) => Promise<RawPage>;
type FetchRecords = (kind: RosterKind, sourcedIds: readonly string[], options?: { signal?: AbortSignal }) => Promise<RecordsById>;

/**
 * A transformed delta as canonical changes: its records upserted, then its tombstones (and `missing` ids) deleted.
 * @internal exported for its tests as well
 */
export function deltaChanges(kind: RosterKind, delta: RosterDelta, missing: readonly string[] = []): RosterChange[] {
  const changes: RosterChange[] = [];
  const records = delta.batch[kind]?.length ?? 0;
  if (records > 0 || delta.batch.errors.length > 0) changes.push({ op: 'upsert', batch: delta.batch });
  const gone = [...delta.deleted, ...missing];
  if (gone.length > 0) changes.push({ op: 'delete', kind, sourceIds: gone });
  return changes;
}

/** One page of the `kind` delta since the high-water mark, minus the safety skew. */
export async function fetchOneRosterChanges(fetchPage: FetchPage, request: ChangesRequest): Promise<ChangeFeedPage> {
  const modifiedSince = new Date(Date.parse(request.since) - DELTA_SAFETY_SKEW_MS).toISOString();
  const page = await fetchPage(request.kind, request.cursor, { modifiedSince, ...(request.signal ? { signal: request.signal } : {}) });
  const delta = transformOneRosterDelta(
    request.kind,
    page.records.map((record) => record.payload),
  );
  return { changes: deltaChanges(request.kind, delta), nextCursor: page.nextCursor, count: page.records.length };
}

/**
 * A ClassLink notification only names records (`{ collection, sourcedId }` per stored event):
 * their current state is read from the SIS by sourcedId, kind by kind with parents before
 * children as a full sync stages them. A 'tobedeleted' record or a 404 is a delete — except a
 * missing enrollment, which cannot be keyed (the mirror keys enrollments by section and user).
 */
export async function readNotifiedChanges(
  fetchRecords: FetchRecords,
  events: readonly Pick<ReceivedWebhookEvent, 'kind' | 'payload'>[],
  signal?: AbortSignal,
): Promise<RosterChange[]> {
  const idsByKind = new Map<RosterKind, Set<string>>();
  for (const event of events) {
    const sourcedId = event.payload.sourcedId;
    if (!(ROSTER_KINDS as readonly string[]).includes(event.kind) || typeof sourcedId !== 'string') continue;
    const ids = idsByKind.get(event.kind as RosterKind) ?? new Set<string>();
    ids.add(sourcedId);
    idsByKind.set(event.kind as RosterKind, ids);
  }
  const changes: RosterChange[] = [];
  for (const kind of ROSTER_KINDS) {
    const ids = idsByKind.get(kind);
    if (!ids) continue;
    const { found, missing } = await fetchRecords(kind, [...ids], signal ? { signal } : {});
    const delta = transformOneRosterDelta(
      kind,
      found.map((record) => record.payload),
    );
    changes.push(...deltaChanges(kind, delta, kind === 'enrollments' ? [] : missing));
  }
  return changes;
}
