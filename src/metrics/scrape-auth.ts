import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a scrape may read /metrics. Without METRICS_TOKEN every scrape may (the metrics
 * carry counts only: no tenant, user or secret); with it, `Authorization: Bearer <token>`
 * is required. Digests are compared so that the comparison takes the same time whatever the
 * length of what was sent.
 */
export function isAuthorizedScrape(authorization: string | undefined, token: string | undefined): boolean {
  if (!token) return true;
  const given = /^Bearer +(\S+) *$/i.exec(authorization ?? '')?.[1];
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}
