import { Hono, type Context } from 'hono';
import { COLLECTIONS, type CollectionName } from './collections.js';
import type { DistrictSnapshot } from './district-snapshot.js';
import type { FaultInjector } from './faults.js';
import { imsxFailure, ImsxRequestError } from './imsx-error.js';
import { listRecords } from './list-query.js';
import { NESTED_ROUTES } from './nested-routes.js';
import type { OAuth1Verifier } from './oauth1-verifier.js';

export const ONEROSTER_BASE_PATH = '/ims/oneroster/v1p1';

export interface RosteringDeps {
  snapshot: () => DistrictSnapshot;
  verify: OAuth1Verifier;
  faults: FaultInjector;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function notFound(collection: string, id: string): ImsxRequestError {
  return new ImsxRequestError(404, 'unknownobject', `no ${collection} with sourcedId ${id}`);
}

function answerList(c: Context, records: readonly object[], collection: CollectionName) {
  const view = COLLECTIONS[collection];
  const result = listRecords(records, view.fields, c.req.query(), c.req.url);
  for (const [name, value] of Object.entries(result.headers)) c.header(name, value);
  return c.json({ [view.plural]: result.page });
}

/** The signed, rate-limited rostering API: everything under /ims/oneroster/v1p1. */
export function createRosteringRoutes(deps: RosteringDeps): Hono {
  const app = new Hono();

  // Authentication first (OAuth 1.0a, RFC 5849 §3.2), so unsigned callers learn nothing else.
  app.use('*', async (c, next) => {
    const outcome = deps.verify({ method: c.req.method, url: c.req.url, authorization: c.req.header('authorization') });
    if (!outcome.ok) {
      c.header('WWW-Authenticate', 'OAuth realm="OneRoster"');
      return c.json(imsxFailure('unauthorisedrequest', `request rejected: ${outcome.reason}`), 401);
    }
    await next();
  });

  app.use('*', async (c, next) => {
    const path = new URL(c.req.url).pathname.slice(ONEROSTER_BASE_PATH.length);
    const delay = deps.faults.delayFor(path);
    if (delay > 0) await sleep(delay);
    const fault = deps.faults.draw();
    if (fault.kind === 'rate_limited') {
      c.header('Retry-After', String(deps.faults.current.retryAfterSeconds));
      return c.json(imsxFailure('server_busy', 'too many requests'), 429);
    }
    if (fault.kind === 'server_error') return c.json(imsxFailure('internal_server_error', 'injected server error'), fault.status);
    await next();
    if (fault.kind === 'malformed' && c.res.status === 200) {
      const body = await c.res.text();
      c.res = new Response(body.slice(0, Math.floor(body.length / 2)), { status: 200, headers: c.res.headers });
    }
  });

  for (const route of NESTED_ROUTES) {
    app.get(route.path, (c) => {
      const snapshot = deps.snapshot();
      const id = c.req.param('id') ?? '';
      const classId = c.req.param('classId');
      if (!COLLECTIONS[route.parent].byId(snapshot, id)) throw notFound(route.parent, id);
      if (classId !== undefined && !snapshot.byId.classes.has(classId)) throw notFound('classes', classId);
      return answerList(c, route.records(snapshot, id, classId), route.child);
    });
  }

  for (const name of Object.keys(COLLECTIONS) as CollectionName[]) {
    const view = COLLECTIONS[name];
    app.get(`/${name}`, (c) => answerList(c, view.records(deps.snapshot()), name));
    app.get(`/${name}/:id`, (c) => {
      const id = c.req.param('id');
      const record = view.byId(deps.snapshot(), id);
      if (!record) throw notFound(name, id);
      const fields = c.req.query('fields');
      if (fields) {
        const wanted = fields.split(',').map((f) => f.trim());
        const unknown = wanted.find((f) => !view.fields.includes(f));
        if (unknown !== undefined) throw new ImsxRequestError(400, 'invalid_selection_field', `unknown field "${unknown}"`);
        const source = record as Record<string, unknown>;
        return c.json({ [view.singular]: Object.fromEntries(wanted.filter((f) => f in source).map((f) => [f, source[f]])) });
      }
      return c.json({ [view.singular]: record });
    });
  }

  return app;
}
