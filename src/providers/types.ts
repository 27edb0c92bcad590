import type { RecordError, RosterKind, RosterRecordByKind } from '../domain/roster.js';

export type ProviderKind = 'clever' | 'classlink';

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
 * The face every SIS client shows the sync engine. Transform is pure and synchronous so it can
 * run anywhere (activity, test) on staged payloads.
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
  /** Iterates pages from `cursor` (null = start) to the end; each page carries its resume cursor. */
  pages(kind: RosterKind, cursor: string | null, options?: FetchPageOptions): AsyncIterable<RawPage>;
  transform(kind: RosterKind, payloads: readonly unknown[]): RosterBatch;
}
