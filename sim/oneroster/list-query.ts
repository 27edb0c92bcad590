import { ImsxRequestError } from './imsx-error.js';
import { matchesFilter, parseFilter } from './filter-expression.js';

/**
 * Query parameters of every collection endpoint (REST binding §3.4): `limit`/`offset`
 * paging, `filter`, `sort`+`orderBy`, `fields`. The response carries `X-Total-Count` and an
 * RFC 8288 `Link` header with first/prev/next/last (§3.4.1).
 */

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 10_000;

export interface ListResult {
  page: Record<string, unknown>[];
  total: number;
  headers: Record<string, string>;
}

function nonNegativeInteger(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ImsxRequestError(400, 'invalid_data', `${name} must be a non-negative integer`);
  return Number(raw);
}

function pickFields(record: object, fields: readonly string[]): Record<string, unknown> {
  const source = record as Record<string, unknown>;
  return Object.fromEntries(fields.filter((f) => f in source).map((f) => [f, source[f]]));
}

function linkHeader(requestUrl: string, offset: number, limit: number, total: number): string {
  const pageUrl = (pageOffset: number) => {
    const url = new URL(requestUrl);
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('offset', String(pageOffset));
    // URLSearchParams writes spaces as '+'; OAuth 1.0a signers expect %20 (RFC 5849 §3.6).
    return url.toString().replace(/\+/g, '%20');
  };
  const lastOffset = total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
  const links = [`<${pageUrl(0)}>; rel="first"`];
  if (offset > 0) links.push(`<${pageUrl(Math.max(0, offset - limit))}>; rel="prev"`);
  if (offset + limit < total) links.push(`<${pageUrl(offset + limit)}>; rel="next"`);
  links.push(`<${pageUrl(lastOffset)}>; rel="last"`);
  return links.join(', ');
}

/** `records` must already be ascending by sourcedId: the order used when no `sort` is given. */
export function listRecords(
  records: readonly object[],
  knownFields: readonly string[],
  query: Record<string, string | undefined>,
  requestUrl: string,
): ListResult {
  const limit = Math.min(nonNegativeInteger(query.limit, 'limit', DEFAULT_LIMIT), MAX_LIMIT);
  if (limit === 0) throw new ImsxRequestError(400, 'invalid_data', 'limit must be at least 1');
  const offset = nonNegativeInteger(query.offset, 'offset', 0);

  let selected: readonly object[] = records;
  if (query.filter !== undefined && query.filter !== '') {
    const filter = parseFilter(query.filter, knownFields);
    selected = selected.filter((record) => matchesFilter(record, filter));
  }

  if (query.sort !== undefined && query.sort !== '') {
    const sortField = query.sort;
    if (!knownFields.includes(sortField)) throw new ImsxRequestError(400, 'invalid_sort_field', `unknown sort field "${sortField}"`);
    const direction = query.orderBy === 'desc' ? -1 : 1;
    const text = (record: object) => String((record as Record<string, unknown>)[sortField] ?? '');
    // Array.prototype.sort is stable, so ties keep ascending sourcedId order.
    selected = [...selected].sort((a, b) => {
      const left = text(a);
      const right = text(b);
      return left < right ? -direction : left > right ? direction : 0;
    });
  } else if (query.orderBy === 'desc') {
    selected = [...selected].reverse();
  }

  let fields: string[] | undefined;
  if (query.fields !== undefined && query.fields !== '') {
    fields = query.fields.split(',').map((f) => f.trim());
    const unknown = fields.find((f) => !knownFields.includes(f));
    if (unknown !== undefined) throw new ImsxRequestError(400, 'invalid_selection_field', `unknown field "${unknown}"`);
  }

  const total = selected.length;
  const slice = selected.slice(offset, offset + limit);
  const page = slice.map((record) => (fields ? pickFields(record, fields) : (record as Record<string, unknown>)));
  return {
    page,
    total,
    headers: { 'X-Total-Count': String(total), Link: linkHeader(requestUrl, offset, limit, total) },
  };
}
