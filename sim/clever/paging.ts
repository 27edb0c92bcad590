/**
 * Clever v3.0 cursor paging: `limit` (default 100, at most 10000), `starting_after` /
 * `ending_before` by record id, and `links` with `self`, `next` and `prev` relations
 * (definition `Link` in spec/v3.0.yml). Records are ordered by ascending id.
 */
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

export interface PageQuery {
  limit: number;
  startingAfter?: string;
  endingBefore?: string;
}

export interface Link {
  rel: 'self' | 'next' | 'prev';
  uri: string;
}

/** The body shape of Clever's BadRequest / NotFound / InternalError responses: `{ message }`. */
export interface ErrorResponse {
  status: 400 | 404 | 413;
  message: string;
}

export function parsePageQuery(url: URL): PageQuery | ErrorResponse {
  const rawLimit = url.searchParams.get('limit');
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== null) {
    if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) {
      return { status: 400, message: `limit must be a positive integer, got "${rawLimit}"` };
    }
    limit = Number(rawLimit);
    // Clever answers 413 Request Entity Too Large when limit exceeds 10000.
    if (limit > MAX_LIMIT) return { status: 413, message: `limit ${limit} exceeds the maximum of ${MAX_LIMIT}` };
  }
  const query: PageQuery = { limit };
  const startingAfter = url.searchParams.get('starting_after');
  const endingBefore = url.searchParams.get('ending_before');
  if (startingAfter) query.startingAfter = startingAfter;
  if (endingBefore) query.endingBefore = endingBefore;
  return query;
}

export function isErrorResponse(value: PageQuery | ErrorResponse): value is ErrorResponse {
  return 'status' in value;
}

/** First index whose id is greater than `id` (items ascending by id). */
function indexAfter(items: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((items[mid] as { id: string }).id <= id) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose id is greater than or equal to `id`. */
function indexAtOrAfter(items: readonly { id: string }[], id: string): number {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((items[mid] as { id: string }).id < id) low = mid + 1;
    else high = mid;
  }
  return low;
}

export function linkWith(url: URL, set: Record<string, string>, drop: string[]): string {
  const next = new URL(url);
  for (const name of drop) next.searchParams.delete(name);
  for (const [name, value] of Object.entries(set)) next.searchParams.set(name, value);
  return `${next.pathname}${next.search}`;
}

/**
 * Slices one page out of `items` (ascending by id). `next` is present while records follow the
 * page, `prev` while records precede it; the last page carries no `next`.
 */
export function paginate<T extends { id: string }>(items: readonly T[], query: PageQuery, url: URL): { page: T[]; links: Link[] } {
  let start = 0;
  let end = items.length;
  if (query.startingAfter !== undefined) start = indexAfter(items, query.startingAfter);
  if (query.endingBefore !== undefined) {
    end = indexAtOrAfter(items, query.endingBefore);
    if (query.startingAfter === undefined) start = Math.max(0, end - query.limit);
  }
  end = Math.min(end, start + query.limit);
  const page = items.slice(start, Math.max(start, end));
  const links: Link[] = [{ rel: 'self', uri: `${url.pathname}${url.search}` }];
  const last = page.at(-1);
  const first = page[0];
  if (last && end < items.length) {
    links.push({ rel: 'next', uri: linkWith(url, { starting_after: last.id }, ['ending_before']) });
  }
  if (first && start > 0) {
    links.push({ rel: 'prev', uri: linkWith(url, { ending_before: first.id }, ['starting_after']) });
  }
  return { page, links };
}
