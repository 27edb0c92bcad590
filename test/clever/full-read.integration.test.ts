import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { expectedRoster, type ExpectedRoster } from '../../sim/district/expected-roster.js';
import { createCleverClient } from '../../src/providers/clever/clever-client.js';
import { readWholeDistrict } from './read-whole-district.js';
import { TEST_TODAY } from '../support/test-today.js';

/**
 * A generated 10k-student district read end to end through the simulator over loopback HTTP:
 * the client's canonical output must equal what the district says it should be, with no
 * Clever-specific adjustment (the canonical contract only holds what Clever can express).
 */
let sim: CleverSimulator;
let expected: ExpectedRoster;

beforeAll(async () => {
  sim = await startCleverSimulator({ seed: 20260824, students: 10_000, today: TEST_TODAY });
  expected = expectedRoster(sim.store);
});
afterAll(async () => sim.close());

describe('full read of a 10k-student district', () => {
  it('equals expectedRoster(store) exactly', async () => {
    const client = createCleverClient({ baseUrl: sim.baseUrl, token: sim.token, pageSize: 2000 });
    const { roster, errors } = await readWholeDistrict(client, 2000);
    expect(errors).toEqual([]);
    expect(roster.users.length).toBeGreaterThan(10_000);
    for (const kind of ['schools', 'terms', 'courses', 'users', 'sections', 'enrollments'] as const) {
      expect(roster[kind], kind).toStrictEqual(expected[kind]);
    }
  });

  it('still equals it with 10% injected 429s and 5xx plus truncated bodies', async () => {
    sim.faults.update({ rate429: 0.04, rate5xx: 0.06, malformedRate: 0.03, seed: 99 });
    const client = createCleverClient({
      baseUrl: sim.baseUrl,
      token: sim.token,
      retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
    });
    try {
      const { roster, errors, pages } = await readWholeDistrict(client, 500);
      expect(errors).toEqual([]);
      expect(pages).toBeGreaterThan(30);
      expect(roster).toStrictEqual(expected);
      const injected = sim.faults.injected;
      expect(injected.rateLimit + injected.serverError + injected.malformed).toBeGreaterThan(0);
      expect(injected.serverError).toBeGreaterThan(0);
    } finally {
      sim.faults.reset();
    }
  });
});
