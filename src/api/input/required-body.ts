import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/**
 * A route that declares a required JSON body answers 400 when none is sent. The validator
 * alone reads a request without a Content-Type as `{}`, which a body of optional fields would
 * accept: the request would succeed although the document says it is invalid.
 */
export function requireDeclaredBodies(app: OpenAPIHono<AppEnv>): MiddlewareHandler<AppEnv> {
  let required: Set<string> | undefined;
  return async (c, next) => {
    required ??= routesWithRequiredBody(app);
    const pattern = matchedRoutes(c).findLast((route) => route.method !== 'ALL')?.path;
    if (pattern && required.has(`${c.req.method} ${pattern}`) && !c.req.header('content-type') && (await c.req.text()).length === 0) {
      throw new ApiError(400, 'validation_failed', 'invalid body: a JSON body is required', { fields: [{ field: 'body', message: 'required' }] });
    }
    await next();
  };
}

function routesWithRequiredBody(app: OpenAPIHono<AppEnv>): Set<string> {
  const keys = new Set<string>();
  for (const definition of app.openAPIRegistry.definitions) {
    if (definition.type !== 'route' || !definition.route.request?.body?.required) continue;
    keys.add(`${definition.route.method.toUpperCase()} ${definition.route.path.replaceAll(/\{([^}]+)\}/g, ':$1')}`);
  }
  return keys;
}
