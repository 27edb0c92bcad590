/**
 * How wide each stage of a tenant sync fans out over the task queue, and the patched() markers
 * under which a change of that shape entered the workflow: a run recorded before a marker
 * replays the old shape, so each marker stays for as long as such runs may be replayed.
 */
/** Batches applied at once; each batch also runs its SCIM requests with bounded concurrency. */
export const APPLY_CONCURRENCY = 4;
/**
 * patched() marker: apply batches flow through one pool of APPLY_POOL_SIZE lanes for a whole
 * phase (a lane starts the next batch as soon as it is free), instead of chunks of 16 batches,
 * 4 at a time, each chunk waiting for its slowest batch.
 */
export const APPLY_POOL = 'apply-continuous-pool';
export const APPLY_POOL_SIZE = 4;
/**
 * patched() marker: each lane of the apply pool takes BATCHES_PER_APPLY consecutive batches
 * per activity (applyScimBatches) instead of one: a batch takes about as long as the round
 * trip through Temporal that scheduled it, and one activity per batch kept a 100k-student
 * apply 1.5× slower than the same batches called in a loop.
 */
export const APPLY_BATCH_RUNS = 'apply-batch-runs';
export const BATCHES_PER_APPLY = 4;
/** Planning parts in flight at once (each one SQL-heavy: more would only queue in the database). */
export const PLAN_CONCURRENCY = 4;
/** Staged pages per transform activity, and transform activities in flight at once. */
export const TRANSFORM_PAGES = 5;
export const TRANSFORM_CONCURRENCY = 4;
/**
 * patched() marker: a kind's transform leaves out the slices of pages whose fetch staged
 * nothing (workflows/staged-pages.ts), instead of scheduling a transform for every slice.
 */
export const SKIP_UNSTAGED_TRANSFORMS = 'skip-unstaged-transforms';
/** patched() marker: a SIS paging by offset (OneRoster) has a kind's pages fetched FETCH_LANES at a time, on any worker. */
export const FETCH_BY_OFFSET = 'fetch-pages-by-offset';
export const FETCH_LANES = 4;
/**
 * patched() marker: pages are fetched in runs of PAGES_PER_RUN per activity, each page read
 * ahead (fetchPageRun): one after the other where the SIS pages by cursor (Clever), and
 * FETCH_LANES runs at a time where it pages by offset (OneRoster).
 */
export const FETCH_PAGE_RUNS = 'fetch-page-runs';
export const PAGES_PER_RUN = 20;
/** patched() marker: full syncs read the target back while they fetch, instead of after. */
export const VERIFY_ALONGSIDE_FETCH = 'verify-alongside-fetch';
/**
 * patched() marker: after its first call, a target listing is read in ranges (by startIndex)
 * as large as what that call read, LISTING_LANES at a time on whichever workers are free,
 * instead of call after call on the worker that ran the first.
 */
export const LISTING_RANGES = 'verify-listing-ranges';
export const LISTING_LANES = 4;
