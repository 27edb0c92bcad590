import { joinUrl, parseBaseUrl } from '../../domain/base-url.js';
import { SisAuthError, SisRateLimitError, SisRequestError, SisSchemaError, SisUnavailableError } from '../errors.js';
import { buildQueryString, type RequestSigner } from './oauth1-signer.js';
import { listEnvelopeSchema } from './schemas.js';

/**
 * Raw OneRoster 1.1 HTTP: signs every attempt afresh (a retried request reusing its nonce
 * would be rejected as a replay, RFC 5849 §3.3), retries what is transient and classifies
 * the rest into typed SIS errors.
 */

export interface RetryPolicy {
  /** Attempts per request, first included (default 6). */
  maxAttempts: number;
  /** Backoff base and cap for 5xx / network / malformed bodies (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After the client waits itself before giving up with SisRateLimitError. */
  maxRetryAfterMs: number;
}

export interface OneRosterApiOptions {
  /** e.g. https://district.oneroster.com/ims/oneroster/v1p1 */
  baseUrl: string;
  sign: RequestSigner;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface OneRosterListPage {
  records: unknown[];
  /** The response body as received (what RawPage.digest hashes). */
  text: string;
  /** X-Total-Count (REST binding §3.4.1), when the server sends it. */
  totalCount: number | undefined;
  /** Whether the Link header advertises rel="next". */
  hasNextLink: boolean;
}

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelayMs: 200, maxDelayMs: 10_000, maxRetryAfterMs: 60_000 };

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
  });
}

/** RFC 9110 §10.2.3: delay-seconds or an HTTP-date. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The imsx_description of a 1.1 status body, if there is one. */
function describe(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && 'imsx_description' in parsed && typeof parsed.imsx_description === 'string') {
      return parsed.imsx_description;
    }
  } catch {
    // not JSON: fall through to the raw text
  }
  return body.slice(0, 200);
}

export function createOneRosterApi(options: OneRosterApiOptions) {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseUrl = parseBaseUrl(options.baseUrl);

  const backoff = (attempt: number) => Math.floor(random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));

  /** GET `route` and return the parsed JSON body plus headers, retrying transient failures. */
  async function getJson(
    route: string,
    query: Record<string, string | undefined>,
    signal?: AbortSignal,
  ): Promise<{ body: unknown; text: string; headers: Headers }> {
    // The signature covers this exact string, so it is built once and sent as signed.
    const url = joinUrl(baseUrl, route, buildQueryString(query));
    let lastProblem = 'no attempt made';
    let lastStatus: number | undefined;
    for (let attempt = 1; attempt <= retry.maxAttempts; attempt += 1) {
      const final = attempt === retry.maxAttempts;
      let response: Response;
      let text: string;
      try {
        const attemptSignal = signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
        response = await fetchImpl(url, { headers: { authorization: options.sign('GET', url), accept: 'application/json' }, signal: attemptSignal });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted) throw error;
        lastProblem = `network error: ${error instanceof Error ? error.message : String(error)}`;
        lastStatus = undefined;
        if (!final) await sleep(backoff(attempt), signal);
        continue;
      }

      const { status } = response;
      lastStatus = status;
      if (status === 401 || status === 403) throw new SisAuthError('classlink', route, describe(text), status);
      if (status === 429) {
        const waitMs = retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt);
        if (final || waitMs > retry.maxRetryAfterMs) throw new SisRateLimitError('classlink', route, waitMs);
        await sleep(waitMs, signal);
        continue;
      }
      if (status >= 500) {
        lastProblem = `HTTP ${status}: ${describe(text)}`;
        if (!final) await sleep(backoff(attempt), signal);
        continue;
      }
      if (status >= 400 || status < 200 || status >= 300) throw new SisRequestError('classlink', route, `HTTP ${status}: ${describe(text)}`, status);

      try {
        return { body: JSON.parse(text) as unknown, text, headers: response.headers };
      } catch {
        // A 200 with a cut-off body: a proxy or the server gave up mid-response. Transient.
        lastProblem = `malformed JSON body (${text.length} bytes)`;
        if (!final) await sleep(backoff(attempt), signal);
      }
    }
    throw new SisUnavailableError('classlink', route, `${lastProblem} after ${retry.maxAttempts} attempts`, lastStatus);
  }

  return {
    getJson,

    /** One page of a collection: `{ <plural>: [...] }` with X-Total-Count and Link. */
    async getList(route: string, plural: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<OneRosterListPage> {
      const { body, text, headers } = await getJson(route, query, signal);
      const envelope = listEnvelopeSchema(plural).safeParse(body);
      if (!envelope.success) {
        const issue = envelope.error.issues[0];
        throw new SisSchemaError('classlink', route, issue?.path.join('.') || plural, issue?.message ?? 'not a list envelope');
      }
      const records = envelope.data[plural] as unknown[];
      const total = headers.get('x-total-count');
      return {
        records,
        text,
        totalCount: total !== null && /^\d+$/.test(total) ? Number(total) : undefined,
        hasNextLink: /rel="?next"?/.test(headers.get('link') ?? ''),
      };
    },
  };
}

export type OneRosterApi = ReturnType<typeof createOneRosterApi>;
