import type { CleverSimulator } from '../../sim/clever/server.js';
import type { SimMutation } from '../../sim/district/model.js';

/** Small loopback helpers for talking to a running Clever simulator in tests. */
export async function getJson(
  sim: CleverSimulator,
  path: string,
  token: string | null = sim.token,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await fetch(`${sim.baseUrl}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // left as text: the caller asserts on it
  }
  return { status: response.status, body, headers: response.headers };
}

export async function control(sim: CleverSimulator, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${sim.baseUrl}/control/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function mutate(sim: CleverSimulator, mutations: SimMutation | SimMutation[]): Promise<string[]> {
  const result = await control(sim, 'mutate', mutations);
  if (result.status !== 200) throw new Error(`mutate failed ${result.status}: ${JSON.stringify(result.body)}`);
  return (result.body as { eventIds: string[] }).eventIds;
}
