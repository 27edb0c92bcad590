import { Hono } from 'hono';
import type { DistrictStore } from '../district/model.js';
import { cleverApiGuards } from './api-middleware.js';
import { registerControlRoutes } from './control-routes.js';
import { registerDataRoutes } from './data-routes.js';
import { registerEventRoutes } from './event-routes.js';
import { FaultInjector, type FaultSettings } from './faults.js';
import { FixedWindowRateLimiter, type RateLimitSettings } from './rate-limit.js';

export interface CleverAppOptions {
  store: DistrictStore;
  /** The district bearer token the Data/Events API accepts. */
  token: string;
  /** Defaults to Clever's 1200 requests per 60 s window. */
  rateLimit?: Partial<RateLimitSettings>;
  faults?: Partial<FaultSettings>;
  /**
   * Simulator clock. When given, events older than 30 days (by this clock) are dropped before
   * every events request; without it events only expire through `POST /control/expire-events`.
   */
  clock?: () => Date;
}

export interface CleverApp {
  app: Hono;
  faults: FaultInjector;
  limiter: FixedWindowRateLimiter;
}

const CLEVER_RATE_LIMIT: RateLimitSettings = { limit: 1200, windowMs: 60_000 };

export function createCleverApp(options: CleverAppOptions): CleverApp {
  const clock = options.clock ?? (() => new Date());
  const faults = new FaultInjector(options.faults);
  const limiter = new FixedWindowRateLimiter({ ...CLEVER_RATE_LIMIT, ...options.rateLimit }, () => clock().getTime());

  const api = new Hono();
  api.use('*', cleverApiGuards({ token: options.token, limiter, faults, now: () => clock().getTime() }));
  registerDataRoutes(api, options.store);
  const expireByClock = options.clock;
  registerEventRoutes(api, options.store, expireByClock ? { beforeRead: () => options.store.expireChanges(expireByClock()) } : {});
  api.notFound((c) => c.json({ message: `Not Found: ${c.req.path}` }, 404));

  const control = new Hono();
  registerControlRoutes(control, { store: options.store, faults, limiter, clock });

  const app = new Hono();
  app.route('/v3.0', api);
  app.route('/control', control);
  app.notFound((c) => c.json({ message: `Not Found: ${c.req.path}` }, 404));
  app.onError((error, c) => c.json({ message: `Internal Error: ${error.message}` }, 500));
  return { app, faults, limiter };
}
