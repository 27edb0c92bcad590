import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { findActiveApiToken, touchApiToken } from '../../db/queries/api-tokens.js';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';
import { peerAddress } from './failure-limiter.js';
import type { Principal } from './principal.js';
import { hashApiToken, isAdminToken } from './tokens.js';

/** Reachable without a token: probes, the API description, and webhooks (they carry HMAC signatures). */
const PUBLIC_PATHS = [/^\/healthz$/, /^\/readyz$/, /^\/openapi\.json$/, /^\/docs(\/assets\/[^/]+)?$/, /^\/webhooks(\/|$)/];

const TENANT_PARAM = ':tenant_id';

/**
 * Authenticates every request that matches a route (unmatched ones fall through to the 404),
 * then scopes tenant tokens: a tenant token may only reach routes whose path has a
 * `{tenant_id}` equal to its own tenant. Routes without one are admin-only by default, so a
 * new route is closed to tenant tokens unless it is tenant-scoped by its path.
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const routePattern = matchedRoutePattern(c);
    if (routePattern === undefined || PUBLIC_PATHS.some((pattern) => pattern.test(c.req.path))) return next();

    const failures = c.get('guards').apiFailures;
    const peer = peerAddress(c);
    await failures.assertAllowed(peer);
    const token = /^Bearer +(\S+) *$/i.exec(c.req.header('authorization') ?? '')?.[1];
    if (!token) {
      await failures.recordFailure(peer);
      throw new ApiError(401, 'unauthorized', 'missing bearer token (Authorization: Bearer <token>)');
    }
    const deps = c.get('deps');
    const principal = await resolvePrincipal(deps, token);
    if (!principal) {
      await failures.recordFailure(peer);
      throw new ApiError(401, 'unauthorized', 'invalid or revoked token');
    }

    if (principal.kind === 'tenant') {
      const pathTenant = tenantIdOfPath(routePattern, c.req.path);
      if (pathTenant === undefined) throw new ApiError(403, 'forbidden', 'this route needs the admin token');
      if (pathTenant !== principal.tenantId) throw new ApiError(403, 'forbidden', 'this token does not reach that tenant');
      await touchApiToken(deps.db, principal.tokenId);
    }
    c.set('principal', principal);
    return next();
  };
}

/** Route middleware for admin-only routes inside a tenant's path (tokens). */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('principal').kind !== 'admin') throw new ApiError(403, 'forbidden', 'this route needs the admin token');
  await next();
};

async function resolvePrincipal(deps: AppEnv['Variables']['deps'], token: string): Promise<Principal | undefined> {
  if (isAdminToken(token, deps.settings.adminToken)) return { kind: 'admin' };
  const row = await findActiveApiToken(deps.db, hashApiToken(token));
  return row ? { kind: 'tenant', tokenId: row.id, tenantId: row.tenantId } : undefined;
}

/** The path pattern of the route this request will reach (e.g. `/sync/:tenant_id/start`); undefined = none (404). */
function matchedRoutePattern(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  // app.use() middleware is registered for method ALL; a real route has a concrete method.
  return matchedRoutes(c).findLast((route) => route.method !== 'ALL')?.path;
}

function tenantIdOfPath(pattern: string, path: string): string | undefined {
  const index = pattern.split('/').indexOf(TENANT_PARAM);
  if (index < 0) return undefined;
  const segment = path.split('/')[index];
  if (segment === undefined) return undefined;
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
