import { joinUrl, parseBaseUrl } from '../../domain/base-url.js';
import { SisAuthError, SisRateLimitError, SisRequestError, SisUnavailableError } from '../errors.js';

/**
 * Raw HTTP to the Clever Data/Events API v3.0: bearer auth, rate limits, retries. Returns parsed
 * JSON bodies; payload validation lives with the callers (clever-client.ts).
 *
 * Rate limits (https://dev.clever.com/docs/api-rate-limits): 1200 requests/minute per district
 * token, reported as X-RateLimit-Limit / -Remaining / -Reset (Unix seconds) on every response.
 * We pause before the budget runs out; on 429 we wait for Retry-After, else for the reset.
 */
export interface CleverRetryOptions {
  /** Attempts per request for transient failures (5xx, network, truncated JSON). Default 5. */
  maxAttempts?: number;
  /** First backoff; doubles per attempt with ±50 % jitter. Default 500 ms. */
  baseDelayMs?: number;
  /** Backoff ceiling. Default 30 s. */
  maxDelayMs?: number;
  /** 429 answers waited out per request before SisRateLimitError. Default 10. */
  maxRateLimitWaits?: number;
  /** Longest single rate-limit wait; a longer one becomes SisRateLimitError. Default 120 s. */
  maxRateLimitWaitMs?: number;
}

export interface CleverApiOptions {
  /** Clever API origin. Default `https://api.clever.com`. */
  baseUrl?: string;
  /** District bearer token. */
  token: string;
  retry?: CleverRetryOptions;
  /** Requests kept in hand: below this many remaining we wait for the window reset. Default 5. */
  rateLimitReserve?: number;
  /** Per-request timeout. Default 60 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

const CLEVER_API_ORIGIN = 'https://api.clever.com';

function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

class TransientFailure extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class CleverApi {
  private readonly origin: URL;
  private readonly retry: Required<CleverRetryOptions>;
  private readonly fetchFn: typeof fetch;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private remaining: number | undefined;
  private resetAtMs: number | undefined;

  constructor(private readonly options: CleverApiOptions) {
    this.origin = parseBaseUrl(options.baseUrl ?? CLEVER_API_ORIGIN);
    this.retry = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxRateLimitWaits: 10, maxRateLimitWaitMs: 120_000, ...options.retry };
    this.fetchFn = options.fetch ?? fetch;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * GETs `pathAndQuery` (e.g. `/v3.0/users?limit=100`) and returns the parsed JSON body of a 2xx.
   * `route` names the endpoint in errors (`/v3.0/users`). Throws SisAuthError (401/403),
   * SisRequestError (other 4xx), SisRateLimitError, SisUnavailableError.
   */
  async get(route: string, pathAndQuery: string, signal?: AbortSignal): Promise<unknown> {
    let attempts = 0;
    let rateLimitWaits = 0;
    for (;;) {
      await this.respectBudget(route, signal);
      attempts += 1;
      let response: Response;
      let text: string;
      try {
        const timeout = AbortSignal.timeout(this.options.timeoutMs ?? 60_000);
        response = await this.fetchFn(this.urlOf(pathAndQuery), {
          headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' },
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        this.recordBudget(response.headers);
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        await this.backoffOrThrow(route, attempts, new TransientFailure(`network error: ${(error as Error).message}`), signal);
        continue;
      }

      const status = response.status;
      if (status === 401 || status === 403) throw new SisAuthError('clever', route, `HTTP ${status}: ${messageOf(text)}`, status);
      if (status === 429) {
        rateLimitWaits += 1;
        const waitMs = this.rateLimitWaitMs(response.headers);
        if (rateLimitWaits > this.retry.maxRateLimitWaits || waitMs > this.retry.maxRateLimitWaitMs) {
          throw new SisRateLimitError('clever', route, waitMs);
        }
        await this.sleep(waitMs, signal);
        continue;
      }
      if (status >= 500) {
        await this.backoffOrThrow(route, attempts, new TransientFailure(`HTTP ${status}: ${messageOf(text)}`, status), signal);
        continue;
      }
      if (status < 200 || status >= 300) throw new SisRequestError('clever', route, `HTTP ${status}: ${messageOf(text)}`, status);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // A body cut short by a proxy or a dropped connection: transient, ask again.
        await this.backoffOrThrow(route, attempts, new TransientFailure(`malformed JSON body (${text.length} bytes)`, status), signal);
      }
    }
  }

  /** `/v3.0/users?limit=1` below the configured origin (and path, if it has one). */
  private urlOf(pathAndQuery: string): string {
    const queryAt = pathAndQuery.indexOf('?');
    if (queryAt < 0) return joinUrl(this.origin, pathAndQuery);
    return joinUrl(this.origin, pathAndQuery.slice(0, queryAt), pathAndQuery.slice(queryAt + 1));
  }

  private async backoffOrThrow(route: string, attempts: number, failure: TransientFailure, signal?: AbortSignal): Promise<void> {
    if (attempts >= this.retry.maxAttempts) {
      throw new SisUnavailableError('clever', route, `${failure.message} (after ${attempts} attempts)`, failure.status);
    }
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempts - 1));
    await this.sleep(Math.round(ceiling * (0.5 + this.random() * 0.5)), signal);
  }

  private recordBudget(headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-remaining') ?? Number.NaN);
    const reset = Number(headers.get('x-ratelimit-reset') ?? Number.NaN);
    this.remaining = Number.isFinite(remaining) ? remaining : undefined;
    this.resetAtMs = Number.isFinite(reset) ? reset * 1000 : undefined;
  }

  /** Waits for the window reset when the remaining budget is down to the reserve. */
  private async respectBudget(route: string, signal?: AbortSignal): Promise<void> {
    if (this.remaining === undefined || this.resetAtMs === undefined) return;
    if (this.remaining > (this.options.rateLimitReserve ?? 5)) return;
    const waitMs = this.resetAtMs - this.now();
    this.remaining = undefined;
    if (waitMs <= 0) return;
    if (waitMs > this.retry.maxRateLimitWaitMs) throw new SisRateLimitError('clever', route, waitMs);
    await this.sleep(waitMs, signal);
  }

  private rateLimitWaitMs(headers: Headers): number {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null && /^\d+$/.test(retryAfter.trim())) return Number(retryAfter) * 1000;
    if (retryAfter !== null && !Number.isNaN(Date.parse(retryAfter))) return Math.max(0, Date.parse(retryAfter) - this.now());
    if (this.resetAtMs !== undefined) return Math.max(0, this.resetAtMs - this.now());
    return this.retry.baseDelayMs;
  }
}

/** Clever error bodies are `{ message }` (BadRequest / NotFound / InternalError definitions). */
function messageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall through to the raw text
  }
  return text.slice(0, 200);
}
