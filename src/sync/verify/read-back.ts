import type { Database } from '../../db/database.js';
import { managedBySourceIds, unseenManaged, type ResourceType } from '../../db/queries/target-verify.js';
import { addRepairCounts, emptyRepairCounts, type RepairCounts } from '../../domain/target-repairs.js';
import {
  isScimRequestError,
  mapWithConcurrency,
  readBackPageSize,
  ScimPagingError,
  type ListCursor,
  type ScimClient,
  type ScimResource,
} from '../../scim/index.js';
import { compareReadBack, type VerifyScope } from './compare-read-back.js';

/**
 * The two ways of reading the target back, each bounded per call so an activity heartbeats
 * and the work spreads over workers:
 * - listing: pages of the whole endpoint (about pageSize resources per request), the cheap
 *   way when the target pages correctly;
 * - lookups: each recorded resource by its SCIM id (then by externalId when that id is gone),
 *   one request per resource, for targets whose listing cannot be trusted.
 */

/** Resources per listing call by default: a few pages of the read-back page size, well inside a heartbeat window each. */
const RESOURCES_PER_CALL = 5000;
/** Recorded resources per lookup call, and lookups in flight. */
const LOOKUPS_PER_CALL = 500;
const LOOKUP_CONCURRENCY = 8;

export interface ListingStep {
  /** Where the next call goes on; null when the listing is complete. */
  cursor: ListCursor | null;
  /** The listing cannot be trusted (see ScimPagingError): read the rest by lookups. */
  fallback: string | null;
  repairs: RepairCounts;
}

/**
 * Reads the listing from `from` (the start when null) and compares it with the record: the
 * pages that make about `perCall` resources, or, when `until` is given, exactly the resources
 * before startIndex `until` (one range of a listing read in parallel ranges). The cursor
 * returned is where the listing goes on, null once it has ended.
 */
export async function verifyByListing(
  db: Database,
  scim: ScimClient,
  scope: VerifyScope,
  resourceType: ResourceType,
  from: ListCursor | null,
  { until, perCall = RESOURCES_PER_CALL }: { until?: number | undefined; perCall?: number | undefined } = {},
): Promise<ListingStep> {
  const repairs = emptyRepairCounts();
  const pageSize = readBackPageSize(scim.capabilities, scim.dialect);
  const pagesPerCall = Math.max(1, Math.ceil(perCall / pageSize));
  // A range asks for no more than it covers, so parallel ranges never read the same resource twice.
  const countFrom = (cursor: ListCursor | undefined) => (until === undefined ? pageSize : Math.min(pageSize, until - (cursor?.startIndex ?? 1)));
  const read = (cursor: ListCursor | undefined) =>
    resourceType === 'User' ? scim.users.readPage(cursor, countFrom(cursor)) : scim.groups.readPage(cursor, countFrom(cursor));
  const inCall = (pages: number, next: ListCursor) => (until === undefined ? pages < pagesPerCall : next.startIndex < until);
  // The next page is requested as soon as its cursor is known, so the target serves it while
  // this one is compared with the record.
  let reading = read(from ?? undefined);
  for (let pages = 1; ; pages += 1) {
    let page: { resources: ScimResource[]; next: ListCursor | undefined };
    try {
      page = await reading;
    } catch (error) {
      if (error instanceof ScimPagingError) return { cursor: null, fallback: error.message, repairs };
      throw error;
    }
    const more = page.next !== undefined && inCall(pages, page.next);
    if (more) {
      reading = read(page.next);
      // Awaited on the next turn; until then a failure must not count as unhandled.
      reading.catch(() => {});
    }
    addRepairCounts(repairs, await compareReadBack(db, scim, scope, resourceType, page.resources));
    if (!more) return { cursor: page.next ?? null, fallback: null, repairs };
  }
}

export interface LookupStep {
  /** The last source id looked up; null when every recorded resource has been. */
  after: string | null;
  repairs: RepairCounts;
}

/** The next recorded resources not yet met by the read-back, each looked up on the target. */
export async function verifyByLookup(db: Database, scim: ScimClient, scope: VerifyScope, resourceType: ResourceType, after: string): Promise<LookupStep> {
  const unseen = await unseenManaged(db, { runId: scope.runId, providerId: scope.providerId, resourceType }, after, LOOKUPS_PER_CALL);
  const records = await managedBySourceIds(
    db,
    { providerId: scope.providerId, resourceType },
    unseen.map((record) => record.sourceId),
  );
  const endpoint = resourceType === 'User' ? scim.users : scim.groups;
  const found = await mapWithConcurrency(records, LOOKUP_CONCURRENCY, async (record): Promise<ScimResource | undefined> => {
    try {
      return await endpoint.get(record.scimId);
    } catch (error) {
      if (!isScimRequestError(error, 404)) throw error;
      // Gone under its id; the same externalId under another id is a candidate (see compareReadBack).
      return endpoint.findByExternalId(record.externalId);
    }
  });
  const repairs = await compareReadBack(
    db,
    scim,
    scope,
    resourceType,
    found.filter((resource): resource is ScimResource => resource !== undefined),
  );
  return { after: unseen.length < LOOKUPS_PER_CALL ? null : unseen[unseen.length - 1]!.sourceId, repairs };
}
