import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { SisRateLimitError, SisUnavailableError } from '../../src/providers/errors.js';
import { createClassLinkClient } from '../../src/providers/classlink/classlink-client.js';
import { smallDistrict } from './fixtures/small-district.js';
import { control } from './signed-requests.js';

let sim: OneRosterSimulator;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ store: createDistrictStore(smallDistrict()) });
});
afterEach(() => sim.faults.reset());
afterAll(() => sim.close());

/** A client whose waits are recorded instead of slept. */
function recordingClient(maxAttempts = 3) {
  const waits: number[] = [];
  const client = createClassLinkClient({
    baseUrl: sim.baseUrl,
    consumerKey: sim.consumerKey,
    consumerSecret: sim.consumerSecret,
    retry: { maxAttempts, baseDelayMs: 100, maxDelayMs: 1000 },
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, waits };
}

describe('ClassLink client under injected faults', () => {
  it('honours Retry-After on 429 and gives up with a retryable SisRateLimitError', async () => {
    await control(sim, '/faults', { rateLimitRate: 1, retryAfterSeconds: 2 });
    const { client, waits } = recordingClient();
    const error = await client.fetchPage('schools', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisRateLimitError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 2000 });
    expect(waits).toEqual([2000, 2000]);
  });

  it('backs off with jitter on 5xx, then raises SisUnavailableError', async () => {
    await control(sim, '/faults', { serverErrorRate: 1 });
    const { client, waits } = recordingClient();
    const error = await client.fetchPage('terms', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisUnavailableError);
    expect(error).toMatchObject({ retryable: true });
    expect(waits).toEqual([50, 100]);
  });

  it('treats a truncated JSON body as transient', async () => {
    await control(sim, '/faults', { malformedRate: 1 });
    const { client } = recordingClient();
    const error = await client.fetchPage('courses', null).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisUnavailableError);
    expect(String(error)).toContain('malformed JSON');
  });

  it('recovers when faults are intermittent', async () => {
    await control(sim, '/faults', { serverErrorRate: 0.3, rateLimitRate: 0.2, malformedRate: 0.1, seed: 7, slowPage: { path: '/users', delayMs: 5 } });
    const { client } = recordingClient(10);
    const pages = [];
    for await (const page of client.pages('users', null, { limit: 2 })) pages.push(page);
    expect(pages.flatMap((p) => p.records)).toHaveLength(8);
  });
});
