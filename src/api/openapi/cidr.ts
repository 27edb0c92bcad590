/**
 * A CIDR range, IPv4 (`203.0.113.0/24`) or IPv6 (`2001:db8::/32`, every `::` compression), as a
 * regular expression rather than a parser call, so that the published schema carries exactly
 * the rule the server applies (API fuzzers generate values from it). Leading zeros in IPv4
 * octets, zone ids and IPv4-embedded IPv6 forms are left out. Every match is also a valid
 * CIDR for ipaddr.js, which checks callers against the list.
 */
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = `${OCTET}(\\.${OCTET}){3}`;
const H = '[0-9a-fA-F]{1,4}';
const IPV6 = [
  `(${H}:){7}${H}`,
  `(${H}:){1,7}:`,
  `(${H}:){1,6}:${H}`,
  `(${H}:){1,5}(:${H}){1,2}`,
  `(${H}:){1,4}(:${H}){1,3}`,
  `(${H}:){1,3}(:${H}){1,4}`,
  `(${H}:){1,2}(:${H}){1,5}`,
  `${H}:(:${H}){1,6}`,
  `:((:${H}){1,7}|:)`,
].join('|');

export const CIDR_PATTERN = new RegExp(`^(${IPV4}/(3[0-2]|[12]?[0-9])|(${IPV6})/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$`);
