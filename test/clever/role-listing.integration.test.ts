import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { ids, smallDistrict } from './fixtures/small-district.js';
import { getJson, mutate } from './sim-http.js';

/**
 * `/users?role=…` listings are filtered once per role and store version (sim/clever/data-routes.ts),
 * so a listing read before a mutation must not be served stale after it.
 */
let sim: CleverSimulator;

beforeAll(async () => {
  sim = await startCleverSimulator({ store: createDistrictStore(smallDistrict()) });
});
afterAll(async () => sim.close());

async function idsWithRole(role: string): Promise<string[]> {
  const { status, body } = await getJson(sim, `/v3.0/users?role=${role}`);
  expect(status).toBe(200);
  return (body as { data: Array<{ data: { id: string } }> }).data.map((element) => element.data.id);
}

describe('Clever simulator role listings', () => {
  it('follow the district after a user is deleted', async () => {
    expect(await idsWithRole('student')).toEqual([ids.kinder, ids.dualSchool, ids.senior]);
    await mutate(sim, { op: 'delete', kind: 'users', id: ids.senior });
    expect(await idsWithRole('student')).toEqual([ids.kinder, ids.dualSchool]);
  });

  it('follow the district after a user gains a role', async () => {
    expect(await idsWithRole('staff')).not.toContain(ids.coTeacher);
    await mutate(sim, {
      op: 'update',
      kind: 'users',
      id: ids.coTeacher,
      patch: { roles: ['teacher', 'staff'], staff: { staffId: 'ST-9', title: 'Coach', department: 'Athletics' } },
    });
    expect(await idsWithRole('staff')).toContain(ids.coTeacher);
  });
});
