import { startCleverSimulator } from '../../sim/clever/server.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { startOneRosterSimulator } from '../../sim/oneroster/server.js';
import type { ProviderFixture } from '../support/sync-fixture.js';

export interface RunningSis {
  provider: ProviderFixture;
  close(): Promise<void>;
}

/** The SIS simulator of a provider kind, serving `store`, with the credentials a tenant would hold. */
export async function startSisFor(kind: 'clever' | 'classlink', store: DistrictStore): Promise<RunningSis> {
  if (kind === 'clever') {
    const sim = await startCleverSimulator({ store });
    return { provider: { kind, baseUrl: sim.baseUrl, credentials: { token: sim.token } }, close: () => sim.close() };
  }
  const sim = await startOneRosterSimulator({ store });
  return { provider: { kind, baseUrl: sim.baseUrl, credentials: { consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret } }, close: () => sim.close() };
}
