import { createOAuth1Signer } from '../../src/providers/classlink/oauth1-signer.js';
import type { OneRosterSimulator } from '../../sim/oneroster/server.js';

/** A signed GET against the simulator, returning status, headers and parsed JSON. */
export function signedGetter(sim: OneRosterSimulator) {
  const sign = createOAuth1Signer({ consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret });
  return async (pathAndQuery: string) => {
    const url = `${sim.baseUrl}${pathAndQuery}`;
    const response = await fetch(url, { headers: { authorization: sign('GET', url) } });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  };
}

/** `filter=` value encoded the way the client encodes queries (RFC 3986, `'` as %27). */
export const q = (value: string) => encodeURIComponent(value).replace(/'/g, '%27');

export async function control(sim: OneRosterSimulator, path: string, body: unknown) {
  const response = await fetch(`${sim.origin}/control${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
