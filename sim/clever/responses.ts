import type { Context } from 'hono';
import type { SimKind, SimRecordByKind } from '../district/model.js';
import { isErrorResponse, paginate, parsePageQuery, type ErrorResponse } from './paging.js';
import { renderRecord, type CleverObject } from './render.js';

/**
 * Response envelopes from spec/v3.0.yml: a collection is `{ data: [{ data: object }], links }`
 * (e.g. `UsersResponse`), a single record `{ data: object }` (e.g. `UserResponse`), an error
 * `{ message }` (`BadRequest`, `NotFound`, `InternalError`).
 */
export function errorResponse(c: Context, error: ErrorResponse): Response {
  return c.json({ message: error.message }, error.status);
}

export function notFound(c: Context, what: string): Response {
  return errorResponse(c, { status: 404, message: `Not Found: ${what}` });
}

function collectionResponse<T extends { id: string }>(c: Context, items: readonly T[], render: (item: T) => CleverObject): Response {
  const url = new URL(c.req.url);
  const query = parsePageQuery(url);
  if (isErrorResponse(query)) return errorResponse(c, query);
  const { page, links } = paginate(items, query, url);
  return c.json({ data: page.map((item) => ({ data: render(item) })), links });
}

export function singleResponse(c: Context, object: CleverObject): Response {
  return c.json({ data: object });
}

export function recordCollection<K extends SimKind>(c: Context, kind: K, items: readonly SimRecordByKind[K][], districtId: string): Response {
  return collectionResponse(c, items, (item) => renderRecord(kind, item, districtId));
}

/** Ids of a relation, de-duplicated and ascending like every Clever collection. */
export function byAscendingId<T extends { id: string }>(items: Iterable<T | undefined>): T[] {
  const unique = new Map<string, T>();
  for (const item of items) if (item) unique.set(item.id, item);
  return [...unique.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
