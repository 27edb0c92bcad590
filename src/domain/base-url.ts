/**
 * Base URLs of the services the bridge calls (a SIS, a SCIM target, the Tenant Service) and how
 * request URLs are built from them. A base URL is an http(s) origin with an optional path and
 * nothing else: userinfo would travel in every request (and in logs), and a query or fragment
 * would swallow the path appended to it (`https://x/scim?a` + `/Users` must not become
 * `https://x/scim?a/Users`). Request URLs are built with the WHATWG URL API, never by
 * concatenating strings, so a path can only extend the base's path.
 */

/** Why `value` is not a usable base URL; undefined when it is one. */
export function baseUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'only http and https URLs are allowed';
  if (url.username !== '' || url.password !== '') return 'credentials in the URL (user:password@) are not allowed';
  if (url.search !== '' || value.includes('?')) return 'a base URL has no query (?…)';
  if (url.hash !== '' || value.includes('#')) return 'a base URL has no fragment (#…)';
  return undefined;
}

export class InvalidBaseUrlError extends Error {
  override readonly name = 'InvalidBaseUrlError';
  constructor(readonly problem: string) {
    super(`invalid base URL: ${problem}`);
  }
}

/** The URL of a valid base URL; throws InvalidBaseUrlError (which never echoes the URL, as it may carry userinfo). */
export function parseBaseUrl(value: string): URL {
  const problem = baseUrlProblem(value);
  if (problem) throw new InvalidBaseUrlError(problem);
  return new URL(value);
}

/**
 * `scheme://host[:port]` of a URL, the unit a stored secret is bound to.
 * @internal exported for its tests as well
 */
export function originOf(value: string): string {
  return new URL(value).origin;
}

/** Whether two URLs share an origin; false when either is not a URL. */
export function sameOrigin(a: string, b: string): boolean {
  try {
    return originOf(a) === originOf(b);
  } catch {
    return false;
  }
}

export type QueryValues = Record<string, string | number | undefined>;

/**
 * `path` (starting with '/', already percent-encoded where it carries ids) appended to the
 * base's path, then the query: values to encode, or a query string its caller encoded (OAuth 1
 * signs the exact RFC 3986 encoding). Values are encoded with encodeURIComponent, not
 * URLSearchParams: a SCIM filter's spaces go out as %20, which every server decodes, whereas
 * '+' is read literally by some.
 */
export function joinUrl(baseUrl: string | URL, path: string, query: QueryValues | string = {}): string {
  const url = typeof baseUrl === 'string' ? parseBaseUrl(baseUrl) : new URL(baseUrl);
  if (!path.startsWith('/')) throw new Error(`a request path starts with '/': ${path}`);
  // The pathname setter percent-encodes '?' and '#', so nothing in `path` can leave the path.
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  url.search = typeof query === 'string' ? query.replace(/^\?/, '') : queryString(query);
  return url.toString();
}

/** `a=1&b=x%20y` (no leading '?'); undefined values are left out. */
function queryString(query: QueryValues): string {
  return Object.entries(query)
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
}
