import { randomBytes, timingSafeEqual } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { listenOnLoopback } from './http-listener.js';
import { declareScimmyResources, type ScimmyContext } from './scimmy-resources.js';
import { ScimmyStore } from './scimmy-store.js';
import { TrafficControl } from './traffic-control.js';

/**
 * A SCIM 2.0 service provider built from `scimmy` + `scimmy-routers` (express) on loopback,
 * backed by the indexed in-memory `ScimmyStore`.
 *
 * What it serves (and what the installed SCIMMY 1.3.x really does):
 * - Users (with the enterprise extension) and Groups; full RFC 7644 filters (and/or/not,
 *   co/sw/ew/gt/..., value paths) via SCIMMY's parser, PATCH with paths including
 *   `members[value eq "…"]`, Bulk (sequential, bulkId references), `/.search`.
 * - Quirk: SCIMMY's filter tokenizer does not understand `\"` inside a quoted value (400
 *   invalidFilter) and does not unescape `\\`; RFC-escaped lookups of such values fail.
 * - Quirk: successful Bulk results carry `status` and `location` but no `response` body.
 * - `eq` on userName (case-insensitive) / externalId / id is O(1); userName and externalId are
 *   unique (409 uniqueness); Group members must be existing Users (400 invalidValue).
 * - Express 5 compatibility: `req.query` is pinned before the routers (see below), else
 *   SCIMMY silently ignores startIndex/count.
 * - count is capped at `maxResults`; sort and etag are not advertised.
 * - PATCH on a Group reads and rewrites the whole group through SCIMMY's schema coercion, so
 *   its cost grows with the member count (fine for class-sized groups).
 */
export interface ScimmyServerOptions {
  token?: string;
  port?: number;
  /**
   * Advertised bulk.maxOperations (413 above it). Default 100: SCIMMY's BulkRequest resolves
   * bulkId references by re-serialising every POST per POST, quadratic in the request size,
   * so 1000-operation requests are several times slower per operation than 100-operation ones.
   */
  bulkMaxOperations?: number;
  /** Advertised bulk.maxPayloadSize in bytes (413 above it). */
  bulkMaxPayloadSize?: number;
  /** Advertised filter.maxResults; also the page-size cap. */
  maxResults?: number;
  /** Advertise and serve Bulk at all. */
  bulk?: boolean;
  /** false: a Group's externalId is not unique (a repeated create makes a second Group), as on many targets. */
  uniqueGroupExternalIds?: boolean;
}

export interface ScimmyServer {
  /** SCIM base URL, e.g. http://127.0.0.1:41234/scim/v2 */
  baseUrl: string;
  token: string;
  store: ScimmyStore;
  traffic: TrafficControl;
  close(): Promise<void>;
}

const MOUNT_PATH = '/scim/v2';

export async function startScimmyServer(options: ScimmyServerOptions = {}): Promise<ScimmyServer> {
  const token = options.token ?? `scimmy-${randomBytes(24).toString('hex')}`;
  const store = new ScimmyStore({ uniqueGroupExternalIds: options.uniqueGroupExternalIds ?? true });
  const traffic = new TrafficControl();
  const maxResults = options.maxResults ?? 200;
  const context: ScimmyContext = { store, maxResults };

  declareScimmyResources();
  const advertise = () =>
    SCIMMY.Config.set({
      patch: true,
      bulk: {
        supported: options.bulk ?? true,
        maxOperations: options.bulkMaxOperations ?? 100,
        maxPayloadSize: options.bulkMaxPayloadSize ?? 1_048_576,
      },
      filter: { supported: true, maxResults },
      // SCIMMY sorts only the page it is handed, which is wrong across pages: do not claim it.
      sort: false,
      etag: false,
      changePassword: false,
    });
  // Before the routers (their JSON body limit reads maxPayloadSize) and after (their
  // constructor resets patch/filter/sort/bulk to plain `true`).
  advertise();
  const routers = new SCIMMYRouters({
    type: 'bearer',
    handler: (request) => {
      if (!bearerMatches(request.header('authorization'), token)) throw new Error('Invalid bearer token');
      return 'sis-bridge';
    },
    context: () => context,
  });
  advertise();

  const app = express();
  app.disable('x-powered-by');
  // Express 5 re-parses `req.query` on every access, so scimmy-routers' in-place cast of
  // startIndex/count to numbers is lost and SCIMMY ignores paging. Pin one parsed copy.
  app.use((request, _response, next) => {
    Object.defineProperty(request, 'query', { value: { ...request.query }, writable: true, configurable: true });
    next();
  });
  app.use(MOUNT_PATH, routers);

  const listener = await listenOnLoopback(traffic, options.port);
  listener.setHandler(app);
  return { baseUrl: `${listener.origin}${MOUNT_PATH}`, token, store, traffic, close: listener.close };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer\s+(.+)$/i.exec(header ?? '')?.[1];
  if (!presented) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
