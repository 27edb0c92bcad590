import { httpInstrumentationMiddleware } from '@hono/otel';
import { trace } from '@opentelemetry/api';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { urlAttributes } from './url-attributes.js';

/**
 * A server span per API request, continuing a caller's W3C `traceparent` when one is sent;
 * the Temporal client interceptor then carries the span into the workflow it starts. Named by
 * route pattern (`POST /sync/:tenant_id/start`), never by the concrete path, so span names
 * stay few. Without a tracer provider (tracing off) the spans are no-ops.
 */
export function traceRequests(): MiddlewareHandler {
  const instrument = httpInstrumentationMiddleware({ spanNameFactory: (c) => `${c.req.method} ${routePattern(c)}` });
  return (c, next) =>
    instrument(c, async () => {
      // The middleware records the whole request URL; keep its path only.
      trace.getActiveSpan()?.setAttributes(urlAttributes(new URL(c.req.url)));
      await next();
    });
}

function routePattern(c: Context): string {
  // Middleware is registered for method ALL; the route itself has a concrete method.
  return matchedRoutes(c).findLast((route) => route.method !== 'ALL')?.path ?? '(no route)';
}
