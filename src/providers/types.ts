import type { RecordError, RosterKind, RosterRecordByKind } from '../domain/roster.js';
import type { ChangeFeedLayout, ProviderKind } from '../domain/sis-provider.js';

export type { ProviderKind } from '../domain/sis-provider.js';

/** One SIS record as received, kept raw so it can be staged and transformed later. */
export interface RawRecord {
  sourceId: string;
  payload: unknown;
}

/**
 * One page of a SIS collection. `nextCursor` is opaque, JSON-safe and small: an activity
 * stores it (heartbeat details, sync_runs) and resumes from it after a retry or a crash.
 */
export interface RawPage {
  records: RawRecord[];
  nextCursor: string | null;
  /**
   * Hash of the page exactly as the SIS sent it, together with whatever the client added to
   * its payloads (rawPageHash): equal digests mean equal payloads in the same order. Absent
   * where the client does not compute one; a full sync then compares the records one by one.
   */
  digest?: string;
}

/** What a transform produced from one page: records of one or more kinds plus per-record errors. */
export type RosterBatch = { [K in RosterKind]?: RosterRecordByKind[K][] } & { errors: RecordError[] };

export interface FetchPageOptions {
  /** Page size; each client clamps to its SIS's maximum. */
  limit?: number;
  /** Only records modified after this instant (OneRoster deltas; ignored where unsupported). */
  modifiedSince?: string;
  signal?: AbortSignal;
}

/**
 * One change the SIS reported, in the one shape every provider produces. A list of them is
 * applied to the roster mirror in order.
 * - `upsert`: the records as they are now, plus the records that could not be used.
 *   `completeEnrollmentsOf` names a section whose whole enrollment list `batch` carries, so
 *   the section's enrollments missing from it are gone (a Clever section lists its roster).
 * - `delete`: the SIS says these records are gone (enrollments keyed by `enrollmentKey`);
 *   a deleted section takes its enrollments with it.
 */
export type RosterChange = { op: 'upsert'; batch: RosterBatch; completeEnrollmentsOf?: string } | { op: 'delete'; kind: RosterKind; sourceIds: string[] };

export interface ChangesRequest {
  /** The collection to read on a `per-kind` feed; a `one-stream` feed reads every kind and ignores it. */
  kind: RosterKind;
  /** Where the previous run left off: the high-water mark it stored. */
  since: string;
  /** Resume point inside this run's walk of the feed (null: start from `since`). */
  cursor: string | null;
  signal?: AbortSignal;
}

/** One page of the change feed, already in canonical form. */
export interface ChangeFeedPage {
  changes: RosterChange[];
  /** Where the next page starts; null at the end of the feed (of this kind, on a `per-kind` feed). */
  nextCursor: string | null;
  /** SIS items read (events or records), whether or not they changed anything. */
  count: number;
  /** The high-water mark once this page is applied, when the feed itself defines one (Clever's last event id). */
  highWater?: string;
}

/** A webhook delivery's event as stored until a sync applies it. References only, never credentials. */
export interface ReceivedWebhookEvent {
  /** Unique per provider: a redelivery of the same event is stored once. */
  eventId: string;
  /** The roster kind it concerns (or the provider's own record type when it is none). */
  kind: string;
  payload: Record<string, unknown>;
}

/**
 * The face every SIS client shows the sync engine: full pages, the change feed, high-water
 * marks and the records webhooks name. Transforms are pure and synchronous so they run
 * anywhere (activity, test) on staged payloads.
 */
export interface SisClient {
  readonly provider: ProviderKind;
  /**
   * The kinds this provider pages, in fetch order. Clever has no enrollment collection: its
   * `sections` pages transform into sections AND enrollments, so it omits `enrollments` here.
   */
  readonly fetchKinds: readonly RosterKind[];
  /** A cheap authenticated call; throws SisAuthError on bad credentials. */
  verifyCredentials(signal?: AbortSignal): Promise<void>;
  fetchPage(kind: RosterKind, cursor: string | null, options?: FetchPageOptions): Promise<RawPage>;
  /**
   * Where page `page` (from 0, of the client's page size) starts, when the SIS pages by offset
   * (OneRoster `offset`): a full sync then fetches several pages of a kind side by side. Absent
   * when each page's cursor comes from the page before (Clever's `starting_after`). Page 0 is
   * the null cursor, as when a kind is paged from its start.
   */
  pageCursor?(page: number): string | null;
  /** Iterates pages from `cursor` (null = start) to the end; each page carries its resume cursor. */
  pages(kind: RosterKind, cursor: string | null, options?: FetchPageOptions): AsyncIterable<RawPage>;
  transform(kind: RosterKind, payloads: readonly unknown[]): RosterBatch;
  /**
   * The mirror key `transform` would give a record, read from its raw payload without
   * transforming it (a full sync compares a fetched payload with the one the mirror holds
   * under that key); undefined when the payload does not say.
   */
  mirrorKey(kind: RosterKind, record: RawRecord): string | undefined;

  /** How the change feed is organised; decides how an incremental run walks it. */
  readonly changeFeed: ChangeFeedLayout;
  /**
   * The high-water mark a full sync stores, read BEFORE it pages the data so that a change made
   * during the sync is replayed by the next incremental run rather than missed.
   */
  startingHighWater(now: Date, signal?: AbortSignal): Promise<string>;
  /** The high-water mark an incremental run from `since` stores unless its pages report a later one. */
  incrementalHighWater(since: string, now: Date): string;
  /** One page of canonical changes after `since`; throws SisCursorExpiredError when the SIS no longer serves `since`. */
  fetchChanges(request: ChangesRequest): Promise<ChangeFeedPage>;
  /**
   * Stored webhook events → canonical changes, in the order to apply them. Reads the SIS when a
   * provider's notifications only name records (the bridge never trusts pushed roster data
   * where it can read it itself).
   */
  readWebhookChanges(events: readonly Pick<ReceivedWebhookEvent, 'kind' | 'payload'>[], signal?: AbortSignal): Promise<RosterChange[]>;
}
