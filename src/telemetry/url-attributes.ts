/**
 * URL attributes as spans record them: without the query string. Queries carry data, not
 * structure: SCIM lookups filter on `userName eq "<email>"`, API listings on user ids, so a
 * trace backend would otherwise collect personal data from every request.
 */
export function urlAttributes(url: URL): { 'url.full': string; 'url.query': string } {
  return { 'url.full': `${url.origin}${url.pathname}`, 'url.query': url.search ? '(redacted)' : '' };
}
