import type { IncomingHttpHeaders } from 'node:http';
import { Agent, request } from 'undici';
import type { HeaderReader, ScimTransport } from './transport.js';

/**
 * The sync's SCIM transport: undici's `request` over one keep-alive connection pool per
 * process. A sync sends hundreds of thousands of requests; through fetch each one also built a
 * Request, a Response and web streams, about a third of a worker's CPU per write, where
 * `request` hands back the status, the raw headers and the body. It follows no redirect, so
 * the bearer token never leaves the configured origin; a 3xx is an answer like any other.
 */

/** Sockets per origin: the workers' concurrent batches times each batch's requests in flight, with room. */
const CONNECTIONS_PER_ORIGIN = 64;
const KEEP_ALIVE_MS = 10_000;

const pool = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: KEEP_ALIVE_MS });

class RawHeaders implements HeaderReader {
  constructor(private readonly headers: IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.headers[name.toLowerCase()];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  }
}

export const pooledTransport: ScimTransport = async (exchange) => {
  const response = await request(exchange.url, {
    method: exchange.method,
    headers: exchange.headers,
    body: exchange.body,
    dispatcher: pool,
    // The whole attempt is bounded: waiting for the headers, then each pause in the body.
    headersTimeout: exchange.timeoutMs,
    bodyTimeout: exchange.timeoutMs,
  });
  return { status: response.statusCode, headers: new RawHeaders(response.headers), text: await response.body.text() };
};
