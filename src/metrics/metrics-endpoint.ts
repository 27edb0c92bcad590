import type { MiddlewareHandler } from 'hono';
import { METRICS_CONTENT_TYPE, renderMetrics, type MetricsSource } from './exposition.js';
import { isAuthorizedScrape } from './scrape-auth.js';

export interface MetricsEndpointOptions {
  sources: readonly MetricsSource[];
  /** METRICS_TOKEN: when set, scrapes must present it as a bearer token. */
  token?: string | undefined;
}

/**
 * `GET /metrics` on the API. Mounted ahead of the API's bearer authentication: Prometheus
 * scrapes with METRICS_TOKEN (or nothing), never with an admin or tenant token.
 */
export function metricsEndpoint(options: MetricsEndpointOptions | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!options || c.req.method !== 'GET') return next();
    if (!isAuthorizedScrape(c.req.header('authorization'), options.token)) {
      return c.json({ error: { code: 'unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' } }, 401);
    }
    return c.body(await renderMetrics(options.sources), 200, { 'content-type': METRICS_CONTENT_TYPE });
  };
}
