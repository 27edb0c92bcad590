import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrollmentKey, type RecordError, type RosterKind, type RosterRecordByKind } from '../../src/domain/roster.js';
import { expectedRoster, type ExpectedRoster } from '../../sim/district/expected-roster.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { createClassLinkClient } from '../../src/providers/classlink/classlink-client.js';
import { TEST_TODAY } from '../support/test-today.js';

let sim: OneRosterSimulator;
let expected: ExpectedRoster;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ seed: 20_260_101, students: 10_000, today: TEST_TODAY });
  expected = expectedRoster(sim.store);
});
afterAll(() => sim.close());

const sortKey = (kind: RosterKind, record: RosterRecordByKind[RosterKind]) =>
  kind === 'enrollments' ? enrollmentKey(record as RosterRecordByKind['enrollments']) : (record as { sourceId: string }).sourceId;

/** Everything a full sync would read: every page of every kind, transformed. */
async function readWholeDistrict(): Promise<{ roster: ExpectedRoster; errors: RecordError[]; statuses: number[] }> {
  const statuses: number[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    statuses.push(response.status);
    return response;
  };
  const client = createClassLinkClient({
    baseUrl: sim.baseUrl,
    consumerKey: sim.consumerKey,
    consumerSecret: sim.consumerSecret,
    fetch: recordingFetch,
    sleep: async () => {},
  });
  const roster: Partial<Record<RosterKind, RosterRecordByKind[RosterKind][]>> = {};
  const errors: RecordError[] = [];
  for (const kind of client.fetchKinds) {
    const records: RosterRecordByKind[RosterKind][] = [];
    for await (const page of client.pages(kind, null)) {
      const batch = client.transform(
        kind,
        page.records.map((r) => r.payload),
      );
      records.push(...((batch[kind] ?? []) as RosterRecordByKind[RosterKind][]));
      errors.push(...batch.errors);
    }
    roster[kind] = records.sort((a, b) => (sortKey(kind, a) < sortKey(kind, b) ? -1 : 1));
  }
  return { roster: roster as ExpectedRoster, errors, statuses };
}

describe('full read of a generated 10k-student district through the OneRoster simulator', () => {
  it('equals expectedRoster exactly', async () => {
    const { roster, errors } = await readWholeDistrict();
    expect(errors).toEqual([]);
    expect(roster.users.length).toBeGreaterThan(10_000);
    expect(roster).toEqual(expected);
  });

  it('still equals expectedRoster with 10% injected 429/5xx', async () => {
    sim.faults.update({ rateLimitRate: 0.05, serverErrorRate: 0.05, retryAfterSeconds: 1, seed: 42 });
    try {
      const { roster, statuses } = await readWholeDistrict();
      expect(roster).toEqual(expected);
      expect(statuses).toContain(429);
      expect(statuses.some((status) => status >= 500)).toBe(true);
    } finally {
      sim.faults.reset();
    }
  });
});
