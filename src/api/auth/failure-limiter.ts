import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ApiError } from '../errors.js';

/**
 * Failed authentications per client address (a wrong bearer token; a webhook delivery whose
 * signature does not check out). After `limit` failures within `windowSeconds` the address
 * is answered 429 with Retry-After for the rest of the window, whatever it sends, so a token
 * or a webhook secret cannot be guessed at line speed. Counters live in this process
 * (rate-limiter-flexible's memory store); each API replica counts on its own. The address is
 * the TCP peer: behind a reverse proxy every client shares the proxy's address, and the limit
 * applies to them together.
 */
export class AuthFailureLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(
    private readonly limit: number,
    windowSeconds: number,
  ) {
    this.limiter = new RateLimiterMemory({ points: limit, duration: windowSeconds, blockDuration: windowSeconds });
  }

  /** 429 when the address has used up its failures; call before checking its credentials. */
  async assertAllowed(address: string): Promise<void> {
    const state = await this.limiter.get(address);
    if (state && state.consumedPoints >= this.limit) throw tooManyFailures(state.msBeforeNext);
  }

  /** Counts one failure of the address. */
  async recordFailure(address: string): Promise<void> {
    try {
      await this.limiter.consume(address);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      // Over the limit: the next request of this address meets assertAllowed's 429.
    }
  }
}

function tooManyFailures(msBeforeNext: number): ApiError {
  const seconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new ApiError(429, 'too_many_failed_attempts', `too many failed authentications from this address; retry in ${seconds} s`, undefined, {
    'retry-after': String(seconds),
  });
}

/** The TCP peer of the request; `unknown` when the app is called in-process (app.request), where no socket exists. */
export function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
