/**
 * How one SCIM request attempt travels (src/scim/http.ts owns retries and error mapping):
 * over a fetch function (probes pass one that refuses redirects; tests inject faults), or over
 * the sync's pooled transport (pooled-transport.ts), which costs a fraction of fetch's CPU per
 * request.
 */

/** Response headers, read by name (a fetch Headers object is one). */
export interface HeaderReader {
  get(name: string): string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One attempt as it goes on the wire. */
interface ScimExchange {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
}

/** The answer to one attempt, its body read in full. */
export interface ScimExchangeReply {
  status: number;
  headers: HeaderReader;
  text: string;
}

/**
 * Carries one attempt and reads its whole body; throws on a network failure or a timeout
 * (then the attempt counts as a broken connection). Never follows a redirect on its own
 * initiative in the sync's transport: the bearer token goes to the configured origin only.
 */
export type ScimTransport = (exchange: ScimExchange) => Promise<ScimExchangeReply>;

/** A transport over a fetch function. */
export function fetchTransport(fetchImpl: typeof fetch): ScimTransport {
  return async (exchange) => {
    const response = await fetchImpl(exchange.url, {
      method: exchange.method,
      headers: exchange.headers,
      body: exchange.body,
      signal: AbortSignal.timeout(exchange.timeoutMs),
    });
    return { status: response.status, headers: response.headers, text: await response.text() };
  };
}
