import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { IDS, smallDistrict } from './fixtures/small-district.js';
import { q, signedGetter } from './signed-requests.js';

let sim: OneRosterSimulator;
let get: ReturnType<typeof signedGetter>;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ store: createDistrictStore(smallDistrict()) });
  get = signedGetter(sim);
});
afterAll(() => sim.close());

const ids = (body: Record<string, unknown>, plural = 'users') => (body[plural] as { sourcedId: string }[]).map((r) => r.sourcedId);
const codeMinor = (body: Record<string, unknown>) =>
  (body.imsx_CodeMinor as { imsx_codeMinorField: { imsx_codeMinorFieldValue: string }[] }).imsx_codeMinorField[0]?.imsx_codeMinorFieldValue;

describe('OneRoster filter grammar', () => {
  // Users of the small district by familyName: O'Brien (parent), O'Brien, Li, Zoë, Park, Young, Boss, Clerk.
  it.each([
    ["role='student'", 3],
    ["role!='student'", 5],
    ["familyName>'Park'", 2],
    ["familyName>='Park'", 3],
    ["familyName<'Clerk'", 1],
    ["familyName<='Clerk'", 2],
    ["email~'OFFICE'", 2],
    ["role='teacher' AND familyName~'o'", 1],
    ["role='student' OR role='parent'", 4],
    [`orgs.sourcedId='${IDS.high}'`, 5],
    ["dateLastModified>'2025-07-31T23:59:59+00:00'", 8],
    ["dateLastModified>'2025-08-01T00:00:00Z'", 0],
  ])('%s matches %i users', async (filter, count) => {
    const response = await get(`/users?filter=${q(filter)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-total-count')).toBe(String(count));
    expect(ids(response.body)).toHaveLength(count);
  });

  it.each(["shoeSize='9'", "role='student' AND", 'role=student', "a='1' AND b='2' AND c='3'"])('rejects %s with 400 invalid_filter_field', async (filter) => {
    const response = await get(`/users?filter=${q(filter)}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error' });
    expect(codeMinor(response.body)).toBe('invalid_filter_field');
  });
});

describe('OneRoster sort, fields, paging', () => {
  it('sorts by a field in either direction, ascending sourcedId by default', async () => {
    const asc = await get('/users');
    expect(ids(asc.body)).toEqual([...ids(asc.body)].sort());
    const desc = await get('/users?sort=familyName&orderBy=desc');
    expect((desc.body.users as { familyName: string }[]).map((u) => u.familyName).slice(0, 2)).toEqual(['Zoë', 'Young']);
    expect((await get('/users?sort=shoeSize')).status).toBe(400);
  });

  it('returns only the selected fields and refuses unknown ones', async () => {
    const response = await get('/users?fields=sourcedId,givenName&limit=1');
    expect(response.body.users).toEqual([{ sourcedId: '900000000000000000000001', givenName: 'Pat' }]);
    const bad = await get('/users?fields=sourcedId,shoeSize');
    expect(bad.status).toBe(400);
    expect(codeMinor(bad.body)).toBe('invalid_selection_field');
  });

  it('pages with limit/offset, X-Total-Count and a Link header', async () => {
    const response = await get('/users?limit=3&offset=3');
    expect(ids(response.body)).toHaveLength(3);
    expect(response.headers.get('x-total-count')).toBe('8');
    const links = Object.fromEntries(
      (response.headers.get('link') ?? '').split(', ').map((part) => {
        const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(part) ?? [];
        return [rel, new URL(url ?? 'http://x').searchParams.get('offset')];
      }),
    );
    expect(links).toEqual({ first: '0', prev: '0', next: '6', last: '6' });
    const all = await get('/users?limit=100');
    expect([...ids((await get('/users?limit=3&offset=0')).body), ...ids(response.body), ...ids((await get('/users?limit=3&offset=6')).body)]).toEqual(
      ids(all.body),
    );
  });

  it('serves single records, typed views and nested routes, with 404 unknownobject', async () => {
    expect((await get(`/users/${IDS.ana}`)).body.user).toMatchObject({ sourcedId: IDS.ana, role: 'student', grades: ['10'] });
    expect((await get(`/schools/${IDS.high}`)).body.org).toMatchObject({ type: 'school', parent: { sourcedId: IDS.district } });
    const districtAsSchool = await get(`/schools/${IDS.district}`);
    expect(districtAsSchool.status).toBe(404);
    expect(codeMinor(districtAsSchool.body)).toBe('unknownobject');
    expect(ids((await get(`/classes/${IDS.mathSection}/students`)).body)).toEqual([IDS.ana, IDS.chloe]);
    expect(ids((await get(`/classes/${IDS.artSection}/students`)).body)).toEqual([]);
    expect(ids((await get(`/schools/${IDS.high}/classes`)).body, 'classes')).toEqual([IDS.mathSection, IDS.artSection]);
    expect((await get(`/schools/${IDS.high}/enrollments`)).headers.get('x-total-count')).toBe('5');
    expect(ids((await get(`/teachers/${IDS.teacherKim}/classes`)).body, 'classes')).toEqual([IDS.mathSection]);
    expect((await get(`/classes/nope/teachers`)).status).toBe(404);
    expect((await get('/students')).headers.get('x-total-count')).toBe('3');
    expect((await get(`/enrollments?filter=${q(`primary='true'`)}`)).headers.get('x-total-count')).toBe('2');
  });
});
