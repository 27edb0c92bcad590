import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { createDistrictStore } from '../../sim/district/store.js';
import type { SimKind } from '../../sim/district/model.js';
import { cleverValidators, definitionOf, type SchemaNode } from './clever-spec.js';
import { ids, smallDistrict } from './fixtures/small-district.js';
import { control, getJson, mutate } from './sim-http.js';

/**
 * Every simulator route, walked over HTTP, must answer bodies that validate against Clever's
 * official definitions (sim/clever/spec/). Routes of the spec the simulator does not serve are
 * listed explicitly so an omission is a decision, not an accident.
 */
const NOT_SIMULATED = [/\/resources/, /\/mycontacts$/, /\/mystudents$/, /\/myteachers$/];
const ID_FOR_PREFIX: Record<string, string> = {
  courses: ids.mathCourse,
  districts: ids.district,
  schools: ids.high,
  sections: ids.mathSection,
  terms: ids.fall,
  users: ids.teacherAdmin,
};

const spec = cleverValidators();
let sim: CleverSimulator;

function expectValid(file: 'v3.0.yml' | 'v3.0-events.yml', definition: string, body: unknown, where: string): void {
  const problems = spec.validate(file, definition, body);
  expect(problems, `${where} vs ${definition}`).toEqual([]);
}

beforeAll(async () => {
  sim = await startCleverSimulator({ store: createDistrictStore(smallDistrict()) });
});
afterAll(async () => sim.close());

describe('Clever simulator vs the official v3.0 definitions', () => {
  it('the converted definitions still reject what Clever forbids (the check has teeth)', () => {
    expect(spec.validate('v3.0.yml', 'User', { name: { first: null, last: 'Ok' }, roles: { student: null } })).toEqual([]);
    expect(spec.validate('v3.0.yml', 'User', { name: { first: 5 } })).not.toEqual([]);
    expect(spec.validate('v3.0.yml', 'Student', { grade: 'K' })).not.toEqual([]);
    expect(spec.validate('v3.0.yml', 'Section', { school: null })).not.toEqual([]);
    expect(spec.validate('v3.0.yml', 'UsersResponse', { data: [{ data: { email: 3 } }] })).not.toEqual([]);
  });

  const dataPaths = Object.entries(spec.data.paths).filter(([path]) => !NOT_SIMULATED.some((pattern) => pattern.test(path)));

  it.each(dataPaths.map(([path]) => path))('GET %s validates', async (template) => {
    const operation = spec.data.paths[template]?.get;
    if (!operation) throw new Error(`no GET for ${template}`);
    const prefix = template.split('/')[1] ?? '';
    const path = `/v3.0${template.replace('{id}', ID_FOR_PREFIX[prefix] ?? 'unknown')}`;
    const { status, body } = await getJson(sim, path);
    expect(status, path).toBe(200);
    expectValid('v3.0.yml', definitionOf(spec.data, operation.responses['200'] as SchemaNode), body, path);
    if (template.includes('{id}')) {
      const missing = await getJson(sim, `/v3.0${template.replace('{id}', 'ffffffffffffffffffffffff')}`);
      expect(missing.status, `${template} unknown id`).toBe(404);
      expectValid('v3.0.yml', definitionOf(spec.data, operation.responses['404'] as SchemaNode), missing.body, `${template} 404`);
    }
  });

  it.each([
    ['/v3.0/users?role=student', 'UsersResponse'],
    ['/v3.0/users?role=teacher', 'UsersResponse'],
    ['/v3.0/users?role=staff', 'UsersResponse'],
    ['/v3.0/users?role=district_admin', 'UsersResponse'],
    ['/v3.0/users?role=contact', 'UsersResponse'],
    [`/v3.0/sections/${ids.mathSection}/users?role=student`, 'UsersResponse'],
    [`/v3.0/schools/${ids.high}/users?role=teacher&primary=true`, 'UsersResponse'],
    [`/v3.0/users/${ids.dualSchool}/schools?primary=true`, 'SchoolsResponse'],
    [`/v3.0/users/${ids.dualSchool}/sections`, 'SectionsResponse'],
  ])('GET %s validates', async (path, definition) => {
    const { status, body } = await getJson(sim, path);
    expect(status).toBe(200);
    expectValid('v3.0.yml', definition, body, path);
    expect((body as { data: unknown[] }).data.length).toBeGreaterThan(0);
  });

  it.each<[SimKind, string]>([
    ['schools', 'SchoolsResponse'],
    ['terms', 'TermsResponse'],
    ['courses', 'CoursesResponse'],
    ['sections', 'SectionsResponse'],
    ['users', 'UsersResponse'],
  ])('pages /v3.0/%s to the end with self/next links, ascending ids, no next on the last page', async (kind, definition) => {
    const seen: string[] = [];
    let path: string | undefined = `/v3.0/${kind}?limit=1`;
    while (path) {
      const { status, body } = await getJson(sim, path);
      expect(status).toBe(200);
      expectValid('v3.0.yml', definition, body, path);
      const page = body as { data: { data: { id: string } }[]; links: { rel: string; uri: string }[] };
      expect(page.links.find((link) => link.rel === 'self')?.uri).toBe(path);
      seen.push(...page.data.map((element) => element.data.id));
      path = page.links.find((link) => link.rel === 'next')?.uri;
    }
    expect(seen).toEqual(sim.store.list(kind).map((record) => record.id));
  });

  it('answers errors with the spec error shapes', async () => {
    const tooLarge = await getJson(sim, '/v3.0/users?limit=10001');
    expect(tooLarge.status).toBe(413);
    expectValid('v3.0.yml', 'BadRequest', tooLarge.body, '413');
    const badLimit = await getJson(sim, '/v3.0/users?limit=zero');
    expect(badLimit.status).toBe(400);
    expectValid('v3.0.yml', 'BadRequest', badLimit.body, '400');
    const badRole = await getJson(sim, '/v3.0/users?role=principal');
    expect(badRole.status).toBe(400);
    const unauthenticated = await getJson(sim, '/v3.0/users', null);
    expect(unauthenticated.status).toBe(401);
    expectValid('v3.0.yml', 'BadRequest', unauthenticated.body, '401');
    expect(unauthenticated.headers.get('x-ratelimit-limit')).toBe('1200');
    const wrongToken = await getJson(sim, '/v3.0/users', 'not-the-token');
    expect(wrongToken.status).toBe(401);
  });

  it('serves events of every record type and action that validate, including the discriminated type', async () => {
    const newSchool = 'fa0000000000000000000001';
    const newUser = 'fa0000000000000000000002';
    const eventIds = await mutate(sim, [
      { op: 'create', kind: 'schools', record: { id: newSchool, name: 'Annex', schoolNumber: '999', level: 'middle', lowGrade: '06', highGrade: '08' } },
      { op: 'update', kind: 'schools', id: newSchool, patch: { name: 'Annex Middle' } },
      { op: 'update', kind: 'terms', id: ids.fall, patch: { name: 'Fall Semester 2026' } },
      { op: 'update', kind: 'courses', id: ids.artCourse, patch: { number: 'AR201' } },
      {
        op: 'create',
        kind: 'users',
        record: {
          id: newUser,
          name: { first: 'Ève', last: 'Lefèvre' },
          roles: ['student'],
          schoolIds: [newSchool],
          student: { studentNumber: 'S-9', stateId: 'X9', grade: '07', dob: '01/02/2013', gender: 'F', graduationYear: '2031' },
        },
      },
      { op: 'enroll', sectionId: ids.emptySection, userId: ids.senior, role: 'student' },
      { op: 'unenroll', sectionId: ids.emptySection, userId: ids.senior },
      { op: 'delete', kind: 'users', id: newUser },
      { op: 'delete', kind: 'schools', id: newSchool },
    ]);
    expect(eventIds.length).toBeGreaterThanOrEqual(9);

    const { status, body } = await getJson(sim, '/v3.0/events?limit=100');
    expect(status).toBe(200);
    expectValid('v3.0-events.yml', 'EventsResponse', body, '/events');
    const events = (body as { data: { data: { id: string; type: string } }[] }).data.map((element) => element.data);
    expect(events.map((event) => event.id)).toEqual(eventIds);
    for (const event of events) expectValid('v3.0-events.yml', event.type, event, `event ${event.type}`);
    expect(new Set(events.map((event) => event.type))).toEqual(
      new Set([
        'schools.created',
        'schools.updated',
        'terms.updated',
        'courses.updated',
        'users.created',
        'sections.updated',
        'users.deleted',
        'schools.deleted',
      ]),
    );

    const single = await getJson(sim, `/v3.0/events/${eventIds[0] ?? ''}`);
    expectValid('v3.0-events.yml', 'EventResponse', single.body, '/events/{id}');
    const missing = await getJson(sim, '/v3.0/events/ffffffffffffffffffffffff');
    expect(missing.status).toBe(404);
    expectValid('v3.0-events.yml', 'NotFound', missing.body, '/events/{id} 404');

    const filtered = await getJson(sim, `/v3.0/events?record_type=schools&record_type=terms&school=${newSchool}`);
    expectValid('v3.0-events.yml', 'EventsResponse', filtered.body, 'filtered /events');
    const filteredTypes = (filtered.body as { data: { data: { type: string } }[] }).data.map((element) => element.data.type);
    expect(filteredTypes).toEqual(['schools.created', 'schools.updated', 'schools.deleted']);

    const expired = await control(sim, 'expire-events', { now: '2099-01-01T00:00:00Z' });
    expect(expired.body).toEqual({ oldestRetainedEventId: null });
    const gone = await getJson(sim, `/v3.0/events?starting_after=${eventIds[0] ?? ''}`);
    expect(gone.status).toBe(404);
    expectValid('v3.0-events.yml', 'NotFound', gone.body, 'expired starting_after');
  });
});
