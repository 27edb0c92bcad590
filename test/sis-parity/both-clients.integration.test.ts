import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { expectedRoster, type ExpectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { enrollmentKey, ROSTER_KINDS, type RecordError, type RosterKind } from '../../src/domain/roster.js';
import { createClassLinkClient } from '../../src/providers/classlink/classlink-client.js';
import { createCleverClient } from '../../src/providers/clever/clever-client.js';
import type { SisClient } from '../../src/providers/types.js';
import { TEST_TODAY } from '../support/test-today.js';

/**
 * Issue 3's bar: both clients read one generated 10k-student district completely and
 * identically through their simulators, with 10% injected 429/5xx on both. One district
 * store is served by BOTH simulators at once, so any difference is the providers' doing.
 */
const PAGE_SIZE = 500;

let store: DistrictStore;
let clever: CleverSimulator;
let oneRoster: OneRosterSimulator;

beforeAll(async () => {
  store = createDistrictStore(generateDistrict({ seed: 20_260_301, students: 10_000, today: TEST_TODAY }));
  [clever, oneRoster] = await Promise.all([
    startCleverSimulator({ store, faults: { rate429: 0.05, rate5xx: 0.05, seed: 7 } }),
    // Retry-After 0: the injected 429s still happen, the client just need not wait a second each.
    startOneRosterSimulator({ store, faults: { rateLimitRate: 0.05, serverErrorRate: 0.05, retryAfterSeconds: 0, seed: 7 } }),
  ]);
});
afterAll(async () => {
  await Promise.all([clever?.close(), oneRoster?.close()]);
});

/** A fetch that remembers every status it saw, so the test can show faults were exercised. */
function recordingFetch(statuses: number[]): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
}

/** Short real waits: Clever's injected 429 asks for Retry-After 1 s; a few ms is enough here. */
const shortSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    setTimeout(resolve, Math.min(ms, 5));
  });

const sortKeyOf = (kind: RosterKind, record: unknown): string =>
  kind === 'enrollments' ? enrollmentKey(record as ExpectedRoster['enrollments'][number]) : (record as { sourceId: string }).sourceId;

/** What a full sync reads: every page of every fetch kind, transformed, each kind sorted. */
async function readWholeDistrict(client: SisClient): Promise<{ roster: ExpectedRoster; errors: RecordError[]; pages: number }> {
  const collected: Record<RosterKind, unknown[]> = { schools: [], terms: [], courses: [], users: [], sections: [], enrollments: [] };
  const errors: RecordError[] = [];
  let pages = 0;
  for (const kind of client.fetchKinds) {
    for await (const page of client.pages(kind, null, { limit: PAGE_SIZE })) {
      pages += 1;
      const batch = client.transform(
        kind,
        page.records.map((record) => record.payload),
      );
      errors.push(...batch.errors);
      // Clever's sections pages also yield enrollments, so take every kind a batch carries.
      for (const produced of ROSTER_KINDS) collected[produced].push(...(batch[produced] ?? []));
    }
  }
  for (const kind of ROSTER_KINDS) {
    collected[kind].sort((a, b) => {
      const [left, right] = [sortKeyOf(kind, a), sortKeyOf(kind, b)];
      return left < right ? -1 : left > right ? 1 : 0;
    });
  }
  return { roster: collected as ExpectedRoster, errors, pages };
}

describe('Clever and ClassLink clients over one 10k-student district', () => {
  it('read it completely and identically, equal to expectedRoster, under 10% injected 429/5xx', async () => {
    const cleverStatuses: number[] = [];
    const classLinkStatuses: number[] = [];
    const cleverClient = createCleverClient({
      baseUrl: clever.baseUrl,
      token: clever.token,
      fetch: recordingFetch(cleverStatuses),
      sleep: shortSleep,
      retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5, maxRateLimitWaits: 20 },
    });
    const classLinkClient = createClassLinkClient({
      baseUrl: oneRoster.baseUrl,
      consumerKey: oneRoster.consumerKey,
      consumerSecret: oneRoster.consumerSecret,
      fetch: recordingFetch(classLinkStatuses),
      sleep: shortSleep,
      retry: { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5 },
    });

    const [viaClever, viaClassLink] = await Promise.all([readWholeDistrict(cleverClient), readWholeDistrict(classLinkClient)]);
    const expected = expectedRoster(store);

    expect(viaClever.errors).toEqual([]);
    expect(viaClassLink.errors).toEqual([]);
    expect(viaClever.pages).toBeGreaterThan(20);
    expect(viaClassLink.pages).toBeGreaterThan(20);
    expect(expected.users.length).toBeGreaterThan(10_000);
    for (const kind of ROSTER_KINDS) {
      expect(expected[kind].length, kind).toBeGreaterThan(0);
      expect(viaClever.roster[kind], `clever ${kind} vs classlink`).toStrictEqual(viaClassLink.roster[kind]);
      expect(viaClever.roster[kind], `clever ${kind} vs expectedRoster`).toStrictEqual(expected[kind]);
      expect(viaClassLink.roster[kind], `classlink ${kind} vs expectedRoster`).toStrictEqual(expected[kind]);
    }

    // Both sides really were hit by injected rate limits and server errors, and retried through them.
    for (const statuses of [cleverStatuses, classLinkStatuses]) {
      expect(statuses).toContain(429);
      expect(statuses.some((status) => status >= 500)).toBe(true);
    }
    expect(clever.faults.injected.rateLimit).toBeGreaterThan(0);
    expect(clever.faults.injected.serverError).toBeGreaterThan(0);
  });
});
