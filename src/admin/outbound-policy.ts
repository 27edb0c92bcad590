import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { publicRangeProblem } from '../domain/address-range.js';
import { baseUrlProblem } from '../domain/base-url.js';
import { AdminError, invalidField } from './admin-error.js';

/**
 * Where the bridge may be told to send requests (a SIS provider's or SCIM target's base URL).
 * Every caller gets the base-URL rules (http/https; no userinfo, query or fragment). A tenant
 * token additionally may not name a host that is, or resolves to, anything but a public
 * unicast address (loopback, private, link-local, unique-local, CGNAT, multicast, …) unless
 * the operator allows it (OUTBOUND_ALLOW_PRIVATE_ADDRESSES): otherwise a tenant could make
 * the bridge probe its internal neighbours, such as the Temporal Web UI on loopback. The
 * addresses are checked as resolved now; probes also refuse redirects, so a public host
 * cannot bounce the request inward.
 */
export interface OutboundPolicy {
  /** OUTBOUND_ALLOW_PRIVATE_ADDRESSES, or true for the admin token. */
  allowPrivateAddresses: boolean;
  /** Host name → addresses; default: the system resolver (every address, as connect may use any). */
  resolve?: (hostname: string) => Promise<string[]>;
}

async function resolveAll(hostname: string): Promise<string[]> {
  return (await lookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}

/** Throws AdminError('invalid') naming `field` when `url` may not be called under `policy`. */
export async function assertOutboundUrl(url: string, field: string, policy: OutboundPolicy): Promise<void> {
  const problem = baseUrlProblem(url);
  if (problem) throw invalidField(field, problem);
  if (policy.allowPrivateAddresses) return;

  const hostname = new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  try {
    addresses = ipaddr.isValid(hostname) ? [hostname] : await (policy.resolve ?? resolveAll)(hostname);
  } catch {
    throw new AdminError('unreachable', 'outbound_url_unresolvable', `the host ${hostname} does not resolve`, field);
  }
  for (const address of addresses) {
    const range = publicRangeProblem(address);
    if (range)
      throw invalidField(
        field,
        `points at a ${range} address, which only the admin token may use (OUTBOUND_ALLOW_PRIVATE_ADDRESSES)`,
        'outbound_url_not_allowed',
      );
  }
}
