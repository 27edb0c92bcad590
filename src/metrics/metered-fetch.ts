import { scimRequestDuration, scimRequests, sisRequestDuration, sisRequests } from './instruments.js';
import { statusClass } from './registry.js';

/**
 * fetch (and SCIM transport) wrappers that count what the SCIM and SIS clients send. The
 * clients take a `fetch` or `transport` option, so metering needs no change inside them; each
 * attempt of their own retry loops is one request here, which is what a rate limit or an
 * outage counts too.
 */

type Fetch = typeof fetch;

const SCIM_RESOURCES: Record<string, string> = { Users: 'User', Groups: 'Group' };
const SCIM_DISCOVERY = new Set(['ServiceProviderConfig', 'ResourceTypes', 'Schemas']);
const ITEM_OPERATIONS: Record<string, string> = { GET: 'get', PUT: 'replace', PATCH: 'patch', DELETE: 'delete' };

/**
 * The SCIM operation of a request (RFC 7644 §3): by method and by where the path ends, since
 * the target's base path is arbitrary (`…/scim/v2/Users/{id}`).
 * @internal exported for its tests as well
 */
export function scimOperationOf(method: string, pathname: string): { operation: string; resource: string } {
  const segments = pathname.split('/').filter(Boolean);
  const last = segments.at(-1) ?? '';
  const previous = segments.at(-2) ?? '';
  const verb = method.toUpperCase();
  if (SCIM_DISCOVERY.has(last) || SCIM_DISCOVERY.has(previous)) return { operation: 'discovery', resource: 'none' };
  if (last === 'Bulk') return { operation: 'bulk', resource: 'none' };
  if (last === '.search' && SCIM_RESOURCES[previous]) return { operation: 'query', resource: SCIM_RESOURCES[previous] };
  if (SCIM_RESOURCES[last]) return { operation: verb === 'POST' ? 'create' : 'query', resource: SCIM_RESOURCES[last] };
  if (SCIM_RESOURCES[previous]) return { operation: ITEM_OPERATIONS[verb] ?? 'other', resource: SCIM_RESOURCES[previous] };
  return { operation: 'other', resource: 'none' };
}

async function observed<T extends { status: number }>(send: () => Promise<T>, record: (status: number | undefined, seconds: number) => void): Promise<T> {
  const started = performance.now();
  try {
    const response = await send();
    record(response.status, (performance.now() - started) / 1000);
    return response;
  } catch (error) {
    record(undefined, (performance.now() - started) / 1000);
    throw error;
  }
}

function recordScim(method: string, pathname: string): (status: number | undefined, seconds: number) => void {
  const { operation, resource } = scimOperationOf(method, pathname);
  return (status, seconds) => {
    scimRequests.inc({ operation, resource, status_class: statusClass(status) });
    scimRequestDuration.observe({ operation }, seconds);
  };
}

/** Meters a SCIM transport (src/scim/transport.ts), typed by shape so metrics need not know the SCIM layer. */
export function meteredScimTransport<Exchange extends { url: string; method: string }, Reply extends { status: number }>(
  base: (exchange: Exchange) => Promise<Reply>,
): (exchange: Exchange) => Promise<Reply> {
  return (exchange) => observed(() => base(exchange), recordScim(exchange.method, pathnameOf(exchange.url)));
}

function pathnameOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

export function meteredSisFetch(provider: 'clever' | 'classlink', base?: Fetch): Fetch {
  return (input, init) =>
    observed(
      () => (base ?? globalThis.fetch)(input, init),
      (status, seconds) => {
        sisRequests.inc({ provider, status_class: statusClass(status) });
        sisRequestDuration.observe({ provider }, seconds);
      },
    );
}
