import ipaddr from 'ipaddr.js';

/**
 * The ipaddr.js range name of an address that is not public unicast (loopback, private,
 * linkLocal, uniqueLocal, carrierGradeNat, multicast, unspecified, …); undefined for a public
 * one. The one rule for "may a tenant make the bridge call this address", shared by the SIS
 * and SCIM base URLs and the notification endpoints.
 */
export function publicRangeProblem(address: string): string | undefined {
  if (!ipaddr.isValid(address)) return 'unparseable';
  // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it carries.
  const range = ipaddr.process(address).range();
  return range === 'unicast' ? undefined : range;
}
