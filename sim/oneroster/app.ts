import { Hono } from 'hono';
import type { DistrictStore } from '../district/model.js';
import { createControlRoutes } from './control-routes.js';
import { createSnapshotSource } from './district-snapshot.js';
import type { FaultInjector } from './faults.js';
import { imsxFailure, ImsxRequestError } from './imsx-error.js';
import type { OAuth1Verifier } from './oauth1-verifier.js';
import { createRosteringRoutes, ONEROSTER_BASE_PATH } from './rostering-routes.js';

export interface OneRosterAppDeps {
  store: DistrictStore;
  verify: OAuth1Verifier;
  faults: FaultInjector;
  /** Origin the simulator is reachable at (for absolute `href`s), known once it listens. */
  origin: () => string;
}

/** The OneRoster 1.1 simulator: signed rostering API plus the unsigned `/control` plane. */
export function createOneRosterApp(deps: OneRosterAppDeps): Hono {
  const app = new Hono();
  const snapshot = createSnapshotSource(deps.store, () => `${deps.origin()}${ONEROSTER_BASE_PATH}`);

  app.route(ONEROSTER_BASE_PATH, createRosteringRoutes({ snapshot, verify: deps.verify, faults: deps.faults }));
  app.route('/control', createControlRoutes(deps.store, deps.faults));

  app.notFound((c) => c.json(imsxFailure('unknownobject', `no endpoint ${c.req.method} ${new URL(c.req.url).pathname}`), 404));
  app.onError((error, c) => {
    if (error instanceof ImsxRequestError) return c.json(imsxFailure(error.codeMinor, error.message), error.status);
    return c.json(imsxFailure('internal_server_error', error.message), 500);
  });
  return app;
}
