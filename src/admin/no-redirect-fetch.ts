/**
 * fetch for connection checks: a redirect is answered, never followed. A checked base URL
 * could otherwise bounce the request (and its Authorization header) to a host the outbound
 * policy would have refused, such as a loopback service.
 */
export const noRedirectFetch: typeof fetch = (input, init) => fetch(input, { ...init, redirect: 'manual' });
