import ipaddr from 'ipaddr.js';
import { publicRangeProblem } from '../domain/address-range.js';

/**
 * The rule for notification endpoint URLs. http(s) only, no credentials in the URL (they would
 * travel in every request and show in logs), no fragment; unlike a base URL a query is allowed,
 * as receivers often route on one. Unless private addresses are allowed (the admin token, or
 * OUTBOUND_ALLOW_PRIVATE_ADDRESSES), the host may not be `localhost` or a non-public address
 * literal: the bridge would otherwise POST into the operator's own network for a tenant. Names
 * are not resolved here, as the address a name has at delivery time is what matters.
 *
 * Returns the problem in words, or undefined when the URL is acceptable.
 */
export function notificationUrlProblem(raw: string, allowPrivateAddresses: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hash) return 'must not contain a fragment';
  if (allowPrivateAddresses) return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine';
  if (ipaddr.isValid(host) && publicRangeProblem(host)) return 'must be a public address (only the admin token may register private or loopback ones)';
  return undefined;
}
