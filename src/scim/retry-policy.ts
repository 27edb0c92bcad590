/**
 * When and how long to wait between attempts. Server hints win: `Retry-After` (RFC 9110
 * §10.2.3, seconds or an HTTP-date) and `X-Retry-After` (seconds; what better-auth's rate
 * limiter sends). Without a hint: exponential backoff with full jitter, so many workers
 * hitting one target do not retry in lock-step.
 */

import type { HeaderReader } from './transport.js';
export interface RetryPolicy {
  /** Total attempts per request, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * Longest server-requested wait the client sits out in-process. A longer Retry-After ends
   * the attempts with a retryable error so the activity (Temporal) can reschedule instead.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Parse one Retry-After style value into a delay from `nowMs`; undefined if unusable.
 * @internal exported for its tests as well
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // RFC 9110 §5.6.7 IMF-fixdate (and the obsolete forms Date.parse also accepts).
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The server's requested wait from either header; the longer one if both are present. */
export function retryAfterFromHeaders(headers: HeaderReader, nowMs: number): number | undefined {
  const hints = [parseRetryAfter(headers.get('retry-after'), nowMs), parseRetryAfter(headers.get('x-retry-after'), nowMs)];
  const present = hints.filter((hint): hint is number => hint !== undefined);
  return present.length === 0 ? undefined : Math.max(...present);
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). A server hint is honoured as a
 * floor plus a little jitter; otherwise full-jitter exponential backoff.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  if (retryAfterMs !== undefined) return retryAfterMs + Math.floor(random() * policy.baseDelayMs);
  return Math.floor(random() * ceiling);
}

/** 429 and 5xx are worth another attempt; 501 (not implemented) never changes. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
