import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROSTER_KINDS, type RosterKind } from '../../src/domain/roster.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { createClassLinkClient, type ClassLinkClient } from '../../src/providers/classlink/classlink-client.js';
import { IDS, smallDistrict } from './fixtures/small-district.js';
import { control, q, signedGetter } from './signed-requests.js';

let sim: OneRosterSimulator;
let client: ClassLinkClient;
let clock = new Date('2026-01-10T08:00:00.000Z');

beforeAll(async () => {
  sim = await startOneRosterSimulator({ store: createDistrictStore(smallDistrict(), { now: () => clock }) });
  client = createClassLinkClient({ baseUrl: sim.baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret, sleep: async () => {} });
});
afterAll(() => sim.close());

async function deltaIds(kind: RosterKind, modifiedSince: string): Promise<string[]> {
  const ids: string[] = [];
  for await (const page of client.pages(kind, null, { modifiedSince, limit: 2 })) ids.push(...page.records.map((r) => r.sourceId));
  return ids;
}

describe('control endpoint and OneRoster deltas', () => {
  it('refuses malformed or unknown mutations with 400/404', async () => {
    expect((await control(sim, '/mutate', { op: 'explode' })).status).toBe(400);
    expect((await control(sim, '/mutate', { op: 'delete', kind: 'users', id: 'ffffffffffffffffffffffff' })).status).toBe(404);
    expect((await control(sim, '/faults', { rateLimitRate: 2 })).status).toBe(400);
  });

  it('shows a deleted user as tobedeleted in deltas and in the full listing', async () => {
    const before = clock.toISOString();
    clock = new Date('2026-01-10T09:00:00.000Z');
    expect((await control(sim, '/mutate', { op: 'delete', kind: 'users', id: IDS.chloe })).status).toBe(200);

    const get = signedGetter(sim);
    const delta = await get(`/users?filter=${q(`dateLastModified>'${before}'`)}`);
    expect(delta.body.users).toEqual([expect.objectContaining({ sourcedId: IDS.chloe, status: 'tobedeleted', dateLastModified: clock.toISOString() })]);
    const full = await get('/users');
    expect(full.body.users).toContainEqual(expect.objectContaining({ sourcedId: IDS.chloe, status: 'tobedeleted' }));

    const page = await client.fetchPage('users', null, { modifiedSince: before });
    expect(
      client.transformDelta(
        'users',
        page.records.map((r) => r.payload),
      ).deleted,
    ).toEqual([IDS.chloe]);
    expect(
      client.transform(
        'users',
        page.records.map((r) => r.payload),
      ).users,
    ).toEqual([]);
    // Her enrollment in Algebra became a tombstone too, reported by (section, user).
    const enrollments = await client.fetchPage('enrollments', null, { modifiedSince: before });
    expect(
      client.transformDelta(
        'enrollments',
        enrollments.records.map((r) => r.payload),
      ).deleted,
    ).toEqual([`${IDS.mathSection}:${IDS.chloe}`]);
  });

  it('returns exactly the mutated records of every kind after modifiedSince', async () => {
    const since = clock.toISOString();
    clock = new Date('2026-01-11T09:00:00.000Z');
    const response = await control(sim, '/mutate', [
      { op: 'update', kind: 'users', id: IDS.bo, patch: { email: 'bo.li@springfield.k12.example' } },
      { op: 'enroll', sectionId: IDS.artSection, userId: IDS.ana, role: 'student' },
      { op: 'update', kind: 'courses', id: IDS.art, patch: { name: 'Studio Art' } },
    ]);
    expect(response.status).toBe(200);

    const changed = Object.fromEntries(await Promise.all(ROSTER_KINDS.map(async (kind) => [kind, await deltaIds(kind, since)] as const)));
    expect(changed).toEqual({
      schools: [],
      terms: [],
      courses: [IDS.art],
      users: [IDS.bo],
      sections: [IDS.artSection],
      enrollments: [expect.stringMatching(/^[0-9a-f]{24}$/)],
    });
    const page = await client.fetchPage('enrollments', null, { modifiedSince: since });
    expect(
      client.transform(
        'enrollments',
        page.records.map((r) => r.payload),
      ).enrollments,
    ).toEqual([{ sectionId: IDS.artSection, userId: IDS.ana, role: 'student', primary: false }]);
    const users = await client.fetchPage('users', null, { modifiedSince: since });
    expect(
      client.transform(
        'users',
        users.records.map((r) => r.payload),
      ).users,
    ).toEqual([expect.objectContaining({ sourceId: IDS.bo, email: 'bo.li@springfield.k12.example' })]);
  });
});
