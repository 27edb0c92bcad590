import { createHmac, randomBytes } from 'node:crypto';
import OAuth from 'oauth-1.0a';

/**
 * Signs OneRoster requests the way ClassLink's servers check them: OAuth 1.0a two-legged
 * (consumer key/secret, no token), HMAC-SHA256, parameters in the Authorization header.
 * The query string is part of the signature base string (RFC 5849 §3.4.1.3), so the URL
 * passed here must be exactly the URL requested, encoded with `encodeQueryValue`.
 */

export interface OAuth1SignerOptions {
  consumerKey: string;
  consumerSecret: string;
  /** Injectable for tests that need stale timestamps or repeated nonces. */
  now?: () => number;
  nonce?: () => string;
}

/**
 * RFC 5849 §3.6 / RFC 3986 unreserved set. `URLSearchParams` writes spaces as `+`, which a
 * server decodes as a space while the signing library keeps it as `+`: the signatures differ.
 */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function buildQueryString(params: Readonly<Record<string, string | undefined>>): string {
  const pairs = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => `${encodeQueryValue(name)}=${encodeQueryValue(value)}`);
  return pairs.length === 0 ? '' : `?${pairs.join('&')}`;
}

export type RequestSigner = (method: string, url: string) => string;

export function createOAuth1Signer(options: OAuth1SignerOptions): RequestSigner {
  const oauth = new OAuth({
    consumer: { key: options.consumerKey, secret: options.consumerSecret },
    signature_method: 'HMAC-SHA256',
    hash_function: (baseString, key) => createHmac('sha256', key).update(baseString).digest('base64'),
  });
  const now = options.now ?? Date.now;
  const nonce = options.nonce ?? (() => randomBytes(16).toString('hex'));

  return (method, url) => {
    const request = { method, url };
    const data: OAuth.Data = {
      oauth_consumer_key: options.consumerKey,
      oauth_nonce: nonce(),
      oauth_signature_method: 'HMAC-SHA256',
      oauth_timestamp: Math.floor(now() / 1000),
      oauth_version: '1.0',
    };
    const authorization: OAuth.Authorization = { ...data, oauth_signature: oauth.getSignature(request, undefined, data) };
    return oauth.toHeader(authorization).Authorization;
  };
}
