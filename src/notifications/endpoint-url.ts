import ipaddr from 'ipaddr.js';

/**
 * The outbound-URL rule for notification endpoints, in one function so a service-wide policy
 * can replace it. http(s) only, no credentials in the URL (they would travel in every request
 * and show in logs), no fragment. A tenant caller may not point the bridge at loopback,
 * private, link-local or otherwise non-public addresses, or `localhost`: the bridge would
 * otherwise POST into the operator's own network for them. The operator (admin token) may.
 * Names are not resolved here; a name that resolves to a private address passes.
 *
 * Returns the problem in words, or undefined when the URL is acceptable.
 */
export function notificationUrlProblem(raw: string, caller: 'admin' | 'tenant'): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not contain credentials';
  if (url.hash) return 'must not contain a fragment';
  if (caller === 'admin') return undefined;
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point at this machine';
  if (ipaddr.isValid(host) && ipaddr.process(host).range() !== 'unicast') return 'must be a public address (only the admin token may register private or loopback ones)';
  return undefined;
}
