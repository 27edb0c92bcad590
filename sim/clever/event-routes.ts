import type { Hono } from 'hono';
import type { DistrictStore, SimChange } from '../district/model.js';
import { changesFrom, changeTouchesSchool, EVENT_KINDS, eventIdOf, isRetained, renderEvent, seqOfEventId } from './events.js';
import { isErrorResponse, linkWith, parsePageQuery } from './paging.js';
import { errorResponse, notFound, singleResponse } from './responses.js';

/**
 * Events API v3.0 (spec/v3.0-events.yml): `GET /events` with `limit`, `starting_after`,
 * `ending_before`, `school` and repeated `record_type`; `GET /events/{id}`.
 *
 * Clever keeps events for 30 days. A `starting_after` / `ending_before` naming an event that is
 * no longer retained (or never existed) is answered 404 with the spec's `NotFound` body, the
 * only error response the spec lists for /events: the client must treat it as "cursor too old"
 * and fall back to a full sync.
 */
export interface EventRouteOptions {
  /** Called before each events request so retention follows the simulator clock. */
  beforeRead?: () => void;
}

export function registerEventRoutes(api: Hono, store: DistrictStore, options: EventRouteOptions = {}): void {
  const districtId = store.info.id;

  api.get('/events', (c) => {
    options.beforeRead?.();
    const url = new URL(c.req.url);
    const query = parsePageQuery(url);
    if (isErrorResponse(query)) return errorResponse(c, query);
    const recordTypes = c.req.queries('record_type') ?? [];
    const unknownType = recordTypes.find((type) => !(EVENT_KINDS as readonly string[]).includes(type));
    if (unknownType !== undefined) return errorResponse(c, { status: 400, message: `unknown record_type ${unknownType}` });
    const school = c.req.query('school');
    const matches = (change: SimChange) => (recordTypes.length === 0 || recordTypes.includes(change.kind)) && (!school || changeTouchesSchool(change, school));

    const cursorSeq = (id: string | undefined): number | undefined | 'unknown' => {
      if (id === undefined) return undefined;
      const seq = seqOfEventId(id);
      return seq !== undefined && isRetained(store, seq) ? seq : 'unknown';
    };
    const after = cursorSeq(query.startingAfter);
    const before = cursorSeq(query.endingBefore);
    if (after === 'unknown') return notFound(c, `event ${query.startingAfter ?? ''} (events are kept for 30 days)`);
    if (before === 'unknown') return notFound(c, `event ${query.endingBefore ?? ''} (events are kept for 30 days)`);

    let page: SimChange[] = [];
    let more = false;
    let earlier = false;
    if (before !== undefined && after === undefined) {
      // The `limit` events just before `ending_before`, still oldest first.
      const preceding: SimChange[] = [];
      for (const change of changesFrom(store, -1)) {
        if (change.seq >= before) break;
        if (matches(change)) preceding.push(change);
      }
      page = preceding.slice(-query.limit);
      earlier = preceding.length > page.length;
      more = true;
    } else {
      for (const change of changesFrom(store, after ?? -1)) {
        if (before !== undefined && change.seq >= before) break;
        if (!matches(change)) continue;
        if (page.length === query.limit) {
          more = true;
          break;
        }
        page.push(change);
      }
      earlier = after !== undefined;
    }

    const links = [{ rel: 'self', uri: `${url.pathname}${url.search}` }];
    const last = page.at(-1);
    const first = page[0];
    if (last && more) links.push({ rel: 'next', uri: linkWith(url, { starting_after: eventIdOf(last.seq) }, ['ending_before']) });
    if (first && earlier) links.push({ rel: 'prev', uri: linkWith(url, { ending_before: eventIdOf(first.seq) }, ['starting_after']) });
    return c.json({ data: page.map((change) => ({ data: renderEvent(change, districtId) })), links });
  });

  api.get('/events/:id', (c) => {
    options.beforeRead?.();
    const seq = seqOfEventId(c.req.param('id'));
    const change = seq === undefined ? undefined : store.changesAfter(seq - 1, 1)[0];
    if (!change || change.seq !== seq) return notFound(c, `event ${c.req.param('id')}`);
    return singleResponse(c, renderEvent(change, districtId));
  });
}
