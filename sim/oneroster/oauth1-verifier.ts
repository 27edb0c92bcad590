import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Server-side check of OAuth 1.0a two-legged requests as ClassLink's OneRoster servers sign
 * them: HMAC-SHA256, no token, parameters in the `Authorization` header. Written from
 * RFC 5849 directly (not with the client's signing library) so the two sides check each other.
 */

export type OAuth1Rejection = 'malformed_header' | 'unknown_consumer' | 'bad_signature' | 'stale_timestamp' | 'replayed_nonce';

export interface OAuth1VerifierOptions {
  /** consumer key → consumer secret */
  credentials: ReadonlyMap<string, string>;
  /** Allowed clock difference in seconds, both directions (default 300). */
  timestampSkewSeconds?: number;
  now?: () => number;
}

export interface SignedRequest {
  method: string;
  /** Absolute URL as received (scheme, host, path, raw query). */
  url: string;
  authorization: string | undefined;
}

/** RFC 5849 §3.6: unreserved characters stay, everything else is %XX of its UTF-8 bytes. */
function rfc5849Encode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** §3.5.1: `OAuth k="v", k2="v2"`, values percent-encoded. */
function parseAuthorizationHeader(header: string): Map<string, string> | undefined {
  const match = /^OAuth\s+(.*)$/i.exec(header.trim());
  if (!match?.[1]) return undefined;
  const params = new Map<string, string>();
  for (const part of match[1].split(',')) {
    const pair = /^\s*([A-Za-z0-9_]+)="([^"]*)"\s*$/.exec(part);
    if (!pair?.[1] || pair[2] === undefined) return undefined;
    try {
      params.set(pair[1], decodeURIComponent(pair[2]));
    } catch {
      return undefined;
    }
  }
  return params;
}

/** §3.4.1.3.1: the query is decoded as application/x-www-form-urlencoded (`+` is a space). */
function queryPairs(rawQuery: string): [string, string][] {
  if (rawQuery === '') return [];
  const decode = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '));
  return rawQuery.split('&').map((piece) => {
    const eq = piece.indexOf('=');
    return eq === -1 ? [decode(piece), ''] : [decode(piece.slice(0, eq)), decode(piece.slice(eq + 1))];
  });
}

/** §3.4.1: METHOD & base-string-URI & normalized-parameters, each percent-encoded. */
function signatureBaseString(method: string, url: string, oauthParams: ReadonlyMap<string, string>): string {
  const parsed = new URL(url);
  const defaultPort = (parsed.protocol === 'http:' && parsed.port === '80') || (parsed.protocol === 'https:' && parsed.port === '443');
  const host = parsed.hostname.toLowerCase() + (parsed.port && !defaultPort ? `:${parsed.port}` : '');
  const baseUri = `${parsed.protocol.toLowerCase()}//${host}${parsed.pathname}`;
  const pairs = queryPairs(parsed.search.replace(/^\?/, ''));
  for (const [name, value] of oauthParams) {
    if (name !== 'oauth_signature' && name !== 'realm') pairs.push([name, value]);
  }
  // §3.4.1.3.2: encode, then sort by name and by value for equal names.
  const normalized = pairs
    .map(([name, value]) => [rfc5849Encode(name), rfc5849Encode(value)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return [method.toUpperCase(), rfc5849Encode(baseUri), rfc5849Encode(normalized)].join('&');
}

export function createOAuth1Verifier(options: OAuth1VerifierOptions) {
  const skewSeconds = options.timestampSkewSeconds ?? 300;
  const now = options.now ?? Date.now;
  /** consumer key → nonce → timestamp; a nonce is remembered as long as its timestamp is acceptable (RFC 5849 §3.3). */
  const seenNonces = new Map<string, Map<string, number>>();

  function forgetExpiredNonces(nonces: Map<string, number>, nowSeconds: number): void {
    for (const [nonce, timestamp] of nonces) {
      if (Math.abs(nowSeconds - timestamp) > skewSeconds) nonces.delete(nonce);
    }
  }

  return function verify(request: SignedRequest): { ok: true; consumerKey: string } | { ok: false; reason: OAuth1Rejection } {
    const params = request.authorization ? parseAuthorizationHeader(request.authorization) : undefined;
    const consumerKey = params?.get('oauth_consumer_key');
    const signature = params?.get('oauth_signature');
    const timestamp = Number(params?.get('oauth_timestamp'));
    const nonce = params?.get('oauth_nonce');
    if (!params || !consumerKey || !signature || !nonce || !Number.isInteger(timestamp)) return { ok: false, reason: 'malformed_header' };
    if (params.get('oauth_signature_method') !== 'HMAC-SHA256') return { ok: false, reason: 'malformed_header' };
    const version = params.get('oauth_version');
    if (version !== undefined && version !== '1.0') return { ok: false, reason: 'malformed_header' };

    const secret = options.credentials.get(consumerKey);
    if (secret === undefined) return { ok: false, reason: 'unknown_consumer' };

    // §3.4.2: key is consumer secret & token secret (empty for two-legged requests).
    const expected = createHmac('sha256', `${rfc5849Encode(secret)}&`)
      .update(signatureBaseString(request.method, request.url, params))
      .digest();
    const received = Buffer.from(signature, 'base64');
    if (received.length !== expected.length || !timingSafeEqual(received, expected)) return { ok: false, reason: 'bad_signature' };

    const nowSeconds = Math.floor(now() / 1000);
    if (Math.abs(nowSeconds - timestamp) > skewSeconds) return { ok: false, reason: 'stale_timestamp' };

    const nonces = seenNonces.get(consumerKey) ?? new Map<string, number>();
    seenNonces.set(consumerKey, nonces);
    forgetExpiredNonces(nonces, nowSeconds);
    if (nonces.has(nonce)) return { ok: false, reason: 'replayed_nonce' };
    nonces.set(nonce, timestamp);
    return { ok: true, consumerKey };
  };
}

export type OAuth1Verifier = ReturnType<typeof createOAuth1Verifier>;
