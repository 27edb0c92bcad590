import type { MiddlewareHandler } from 'hono';
import type { FaultInjector } from './faults.js';
import type { FixedWindowRateLimiter, RateLimitDecision } from './rate-limit.js';

/**
 * What stands in front of every Data/Events API route, in Clever's order: rate limit (counted
 * per presented token, headers on every response), bearer-token auth, then injected faults.
 */
export interface ApiGuards {
  token: string;
  limiter: FixedWindowRateLimiter;
  faults: FaultInjector;
  now: () => number;
}

function bearerOf(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(decision.limit),
    'X-RateLimit-Remaining': String(decision.remaining),
    'X-RateLimit-Reset': String(Math.ceil(decision.resetAtMs / 1000)),
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function cleverApiGuards(guards: ApiGuards): MiddlewareHandler {
  return async (c, next) => {
    const presented = bearerOf(c.req.header('authorization'));
    const decision = guards.limiter.hit(presented ?? '(anonymous)');
    for (const [name, value] of Object.entries(rateLimitHeaders(decision))) c.header(name, value);
    if (!decision.allowed) {
      const retryAfterSeconds = Math.max(1, Math.ceil((decision.resetAtMs - guards.now()) / 1000));
      c.header('Retry-After', String(retryAfterSeconds));
      return c.json({ message: 'Too Many Requests: rate limit exceeded' }, 429);
    }
    if (presented === undefined || presented !== guards.token) {
      return c.json({ message: 'Unauthorized: missing or invalid bearer token' }, 401);
    }

    const delay = guards.faults.delayFor(c.req.path, c.req.query('starting_after') ?? null);
    if (delay > 0) await sleep(delay);
    const fault = guards.faults.decide();
    if (fault === 'rate-limit') {
      c.header('Retry-After', '1');
      return c.json({ message: 'Too Many Requests (injected)' }, 429);
    }
    if (fault === 'server-error') {
      return c.json({ message: 'Internal Error (injected)' }, guards.faults.serverErrorStatus());
    }
    await next();
    if (fault === 'malformed' && c.res.status === 200) {
      const body = await c.res.text();
      const headers = new Headers(c.res.headers);
      headers.delete('content-length');
      c.res = new Response(body.slice(0, Math.floor(body.length / 2)), { status: 200, headers });
    }
  };
}
