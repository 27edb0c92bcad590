import { httpInstrumentationMiddleware } from '@hono/otel';
import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * A server span per API request, continuing a caller's W3C `traceparent` when one is sent;
 * the Temporal client interceptor then carries the span into the workflow it starts. Named by
 * route pattern (`POST /sync/:tenant_id/start`), never by the concrete path, so span names
 * stay few. Without a tracer provider (tracing off) the spans are no-ops.
 */
export function traceRequests(): MiddlewareHandler {
  return httpInstrumentationMiddleware({ spanNameFactory: (c) => `${c.req.method} ${routePattern(c)}` });
}

function routePattern(c: Context): string {
  // Middleware is registered for method ALL; the route itself has a concrete method.
  return matchedRoutes(c).findLast((route) => route.method !== 'ALL')?.path ?? '(no route)';
}
