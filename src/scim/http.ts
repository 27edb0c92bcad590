import { ScimAuthError, ScimProtocolError, ScimRateLimitError, ScimOutcomeUnknownError, ScimRequestError, ScimUnavailableError } from './errors.js';
import { joinUrl, parseBaseUrl } from '../domain/base-url.js';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryAfterFromHeaders, retryDelayMs, type RetryPolicy } from './retry-policy.js';
import { scimErrorBody } from './wire.js';
import { fetchTransport, type HeaderReader, type HttpMethod, type ScimExchangeReply, type ScimTransport } from './transport.js';

/**
 * One SCIM request: bearer auth, SCIM media type, bounded retries with server-hinted or
 * jittered backoff, and every failure mapped to a typed error. A POST is retried only after a
 * 429; after a 5xx or a broken connection it throws ScimOutcomeUnknownError for the caller to
 * look before it sends again. Callers get a parsed JSON body
 * for any 2xx (undefined for 204 / empty bodies, which RFC 7644 §3.5.2 allows on PATCH).
 */

export interface ScimHttpOptions {
  /** Service provider base URL, e.g. https://idp.example.org/scim/v2 (no trailing slash needed). */
  baseUrl: string;
  token: string;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout. */
  timeoutMs?: number;
  /** How an attempt travels; wins over `fetch`. The sync's clients use a pooled one (pooled-transport.ts). */
  transport?: ScimTransport;
  /** An attempt through this fetch (e.g. one that refuses redirects) when no transport is given; default global fetch. */
  fetch?: typeof fetch;
  /** Injectable for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export interface ScimHttpResponse {
  status: number;
  body: unknown;
  headers: HeaderReader;
}

export type { HttpMethod } from './transport.js';

export interface ScimRequest {
  method: HttpMethod;
  /** Path below the base URL, starting with '/'. */
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
}

const SCIM_MEDIA_TYPE = 'application/scim+json';

export class ScimHttp {
  readonly policy: RetryPolicy;
  private readonly baseUrl: URL;
  private readonly transport: ScimTransport;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(private readonly options: ScimHttpOptions) {
    // Throws InvalidBaseUrlError for a base with userinfo, a query or a fragment (never sent anywhere).
    this.baseUrl = parseBaseUrl(options.baseUrl);
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.transport = options.transport ?? fetchTransport(options.fetch ?? fetch);
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async request(request: ScimRequest): Promise<ScimHttpResponse> {
    const url = this.url(request);
    const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.attempt(request, url, payload);
      if (outcome.kind === 'response') {
        const { reply: response } = outcome;
        const { text } = response;
        if (response.status < 300) return { status: response.status, body: parseBody(request, response.status, text), headers: response.headers };
        if (!isRetryableStatus(response.status)) throw failure(request, response.status, text);
        // 429 means "not processed"; any other 5xx after a POST leaves its effect unknown.
        if (request.method === 'POST' && response.status !== 429) {
          throw new ScimOutcomeUnknownError(
            request.method,
            request.path,
            `HTTP ${response.status}: the create may or may not have been applied`,
            response.status,
          );
        }
        const hint = retryAfterFromHeaders(response.headers, this.now());
        const lastAttempt = attempt >= this.policy.maxAttempts || (hint !== undefined && hint > this.policy.maxRetryAfterMs);
        if (lastAttempt) {
          if (response.status === 429) throw new ScimRateLimitError(request.method, request.path, hint);
          throw new ScimUnavailableError(request.method, request.path, `HTTP ${response.status} after ${attempt} attempts`, response.status);
        }
        await this.sleep(retryDelayMs(attempt, this.policy, this.random, hint));
      } else {
        if (request.method === 'POST')
          throw new ScimOutcomeUnknownError(request.method, request.path, `${outcome.message}: the create may or may not have been applied`);
        if (attempt >= this.policy.maxAttempts) {
          throw new ScimUnavailableError(request.method, request.path, `${outcome.message} after ${attempt} attempts`);
        }
        await this.sleep(retryDelayMs(attempt, this.policy, this.random));
      }
    }
  }

  /** Waits before attempt `attempt + 1` of a caller's own retry loop (see ResourceEndpoint.create). */
  pause(attempt: number): Promise<void> {
    return this.sleep(retryDelayMs(attempt, this.policy, this.random));
  }

  private async attempt(
    request: ScimRequest,
    url: string,
    payload: string | undefined,
  ): Promise<{ kind: 'response'; reply: ScimExchangeReply } | { kind: 'network'; message: string }> {
    try {
      const reply = await this.transport({
        url,
        method: request.method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          accept: `${SCIM_MEDIA_TYPE}, application/json`,
          ...(payload === undefined ? {} : { 'content-type': SCIM_MEDIA_TYPE }),
        },
        body: payload,
        timeoutMs: this.timeoutMs,
      });
      // Reading the body is part of the attempt: a connection cut mid-body is transient too.
      return { kind: 'response', reply };
    } catch (error) {
      return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
  }

  private url(request: ScimRequest): string {
    return joinUrl(this.baseUrl, request.path, request.query);
  }
}

function parseBody(request: ScimRequest, status: number, text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ScimProtocolError(request.method, request.path, `HTTP ${status} with a body that is not JSON`, status);
  }
}

function failure(request: ScimRequest, status: number, text: string): Error {
  const body = readErrorBody(text);
  const detail = body.detail ?? body.message ?? (text.slice(0, 200) || `HTTP ${status}`);
  if (status === 401 || status === 403) return new ScimAuthError(request.method, request.path, `HTTP ${status}: ${detail}`, status);
  return new ScimRequestError(request.method, request.path, status, body.scimType, detail);
}

function readErrorBody(text: string): { scimType?: string; detail?: string; message?: string } {
  try {
    const parsed = scimErrorBody.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
