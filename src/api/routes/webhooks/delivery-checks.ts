import { createHmac, timingSafeEqual } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * The checks a webhook delivery passes before its body is even parsed: nothing an unverified
 * caller sends is read further than these headers and its address.
 *
 * Signature: `X-Signature: sha256=<hex>` where hex = HMAC-SHA256(webhook secret,
 * `${X-Timestamp}.${raw body}`), X-Timestamp in unix seconds. Signing the timestamp with the
 * body means a captured delivery cannot be replayed later under a fresh timestamp; the
 * 5-minute window bounds how long an unmodified capture stays usable, and event-id
 * de-duplication makes a replay inside the window harmless.
 */

const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureVerdict = 'ok' | 'missing_signature' | 'missing_timestamp' | 'bad_signature' | 'stale_timestamp';

/**
 * The signature a webhook sender puts on a delivery; the receiving checks compare against it.
 * @internal for the simulators and tests that send webhooks
 */
export function signWebhook(secret: string, timestamp: number | string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export function verifySignature(params: {
  secret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowSeconds: number;
}): SignatureVerdict {
  if (!params.signature) return 'missing_signature';
  if (!params.timestamp || !/^\d{1,12}$/.test(params.timestamp)) return 'missing_timestamp';
  const expected = Buffer.from(signWebhook(params.secret, params.timestamp, params.rawBody));
  const given = Buffer.from(params.signature.trim());
  // timingSafeEqual needs equal lengths; a length mismatch reveals nothing about the secret.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  if (Math.abs(params.nowSeconds - Number(params.timestamp)) > TIMESTAMP_TOLERANCE_SECONDS) return 'stale_timestamp';
  return 'ok';
}

/**
 * The caller's address: the socket's peer, or — only when the provider says a trusted proxy
 * fronts the bridge — the last X-Forwarded-For entry, the one that proxy appended (earlier
 * entries are whatever the client claimed).
 */
export function clientAddress(socketAddress: string | undefined, forwardedFor: string | undefined, trustProxy: boolean): string | undefined {
  if (trustProxy && forwardedFor) {
    const last = forwardedFor
      .split(',')
      .map((part) => part.trim())
      .filter(Boolean)
      .at(-1);
    if (last) return last;
  }
  return socketAddress;
}

/** Whether `address` lies in one of the CIDR ranges; an empty allowlist admits everyone. */
export function isAllowedAddress(address: string | undefined, allowlist: readonly string[]): boolean {
  if (allowlist.length === 0) return true;
  if (!address || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return allowlist.some((cidr) => {
    if (!ipaddr.isValidCIDR(cidr)) return false;
    const [range, bits] = ipaddr.parseCIDR(cidr);
    if (range.kind() === parsed.kind()) return parsed.match(range, bits);
    // An IPv4 caller against an IPv6 range: compare as an IPv4-mapped address (::ffff:a.b.c.d).
    return parsed.kind() === 'ipv4' && (parsed as ipaddr.IPv4).toIPv4MappedAddress().match(range, bits);
  });
}
