import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSinkServer, type SinkServer } from '../../sim/scim/sink-server.js';
import { connectScimClient } from '../../src/scim/index.js';
import { checkConvergence, differenceCounts, readTarget, NO_DIFFERENCES } from '../support/convergence-check.js';
import { runSync } from '../support/sync-fixture.js';
import { startSyncStack, type SyncStack } from '../support/sync-stack.js';

/**
 * The bench SCIM target ("sink") is a target of its own, not a stand-in for the bridge: these
 * tests hold it to the RFC 7644 behaviour the bridge relies on, then show a real sync lands in
 * it exactly as the SIS says — so a benchmark against it measures a correct run.
 */

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const BULK = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const EMAIL_DOMAIN = 'springfield.k12.example';

describe('the bench SCIM sink speaks the RFC 7644 the bridge uses', () => {
  let sink: SinkServer;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sink.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${sink.token}`, 'content-type': 'application/scim+json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> & { Resources?: Array<Record<string, unknown>> } };
  };
  const user = (userName: string, externalId: string) => ({
    schemas: [USER],
    userName,
    externalId,
    name: { givenName: 'Ada', familyName: userName },
    active: true,
  });

  beforeAll(async () => {
    sink = await startSinkServer({ bulk: true, bulkMaxOperations: 50 });
  });
  afterAll(() => sink?.close());

  it('advertises what it serves, and the client discovers it', async () => {
    const scim = await connectScimClient({ baseUrl: sink.baseUrl, token: sink.token });
    expect(scim.capabilities).toMatchObject({
      source: 'advertised',
      patch: true,
      bulk: { supported: true, maxOperations: 50 },
      users: true,
      groups: true,
      enterpriseUser: true,
      escapedFilterValues: true,
    });
    expect(scim.dialect).toMatchObject({ useBulk: true, bulkMaxOperations: 50, escapedLookups: 'escaped', filterLookups: true });
    expect((await call('GET', '/Users')).status).toBe(200);
    expect((await fetch(`${sink.baseUrl}/Users`)).status).toBe(401);
  });

  it('refuses a duplicate userName (case-insensitively) or externalId with 409, and finds users by eq filters', async () => {
    const created = await call('POST', '/Users', user('Grace.Hopper', 'ext-grace'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: expect.any(String), userName: 'Grace.Hopper', meta: { resourceType: 'User' } });
    expect((await call('POST', '/Users', user('grace.hopper', 'ext-other'))).body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect((await call('POST', '/Users', user('someone.else', 'ext-grace'))).status).toBe(409);

    const byUserName = await call('GET', `/Users?filter=${encodeURIComponent('userName eq "GRACE.HOPPER"')}`);
    expect(byUserName.body.Resources?.map((found) => found.id)).toEqual([created.body.id]);
    const byExternalId = await call('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-grace"')}`);
    expect(byExternalId.body.totalResults).toBe(1);
    expect((await call('GET', `/Users?filter=${encodeURIComponent('externalId eq "ext-GRACE"')}`)).body.totalResults).toBe(0);

    const escaped = await call('POST', '/Users', user('quote"and\\slash', 'ext-escaped'));
    const found = await call('GET', `/Users?filter=${encodeURIComponent(`userName eq ${JSON.stringify('quote"and\\slash')}`)}`);
    expect(found.body.Resources?.map((resource) => resource.id)).toEqual([escaped.body.id]);
    expect((await call('GET', `/Users?filter=${encodeURIComponent('name.familyName co "x"')}`)).body).toMatchObject({
      status: '400',
      scimType: 'invalidFilter',
    });
  });

  it('replaces and patches users, and deletes them out of their groups', async () => {
    const created = await call('POST', '/Users', user('alan.turing', 'ext-alan'));
    const id = String(created.body.id);
    const patched = await call('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: 'active', value: false },
        { op: 'replace', path: 'name.givenName', value: 'Alan' },
      ],
    });
    expect(patched.body).toMatchObject({ active: false, name: { givenName: 'Alan', familyName: 'alan.turing' } });
    const replaced = await call('PUT', `/Users/${id}`, { ...user('alan.m.turing', 'ext-alan'), id: 'ignored' });
    expect(replaced.body).toMatchObject({ id, userName: 'alan.m.turing' });
    expect((await call('GET', `/Users?filter=${encodeURIComponent('userName eq "alan.turing"')}`)).body.totalResults).toBe(0);

    const group = await call('POST', '/Groups', { schemas: [GROUP], displayName: 'Math 1', externalId: 'ext-math', members: [{ value: id }] });
    expect(group.body).toMatchObject({ members: [{ value: id }] });
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(204);
    expect((await call('GET', `/Groups/${String(group.body.id)}`)).body.members).toEqual([]);
    expect((await call('DELETE', `/Users/${id}`)).status).toBe(404);
  });

  it('adds and removes group members by PATCH, both removal forms, and refuses unknown members', async () => {
    const ids: string[] = [];
    for (const name of ['m1', 'm2', 'm3']) ids.push(String((await call('POST', '/Users', user(name, `ext-${name}`))).body.id));
    const group = await call('POST', '/Groups', { schemas: [GROUP], displayName: 'Art 2', externalId: 'ext-art' });
    const groupId = String(group.body.id);
    const patch = (Operations: unknown[]) => call('PATCH', `/Groups/${groupId}`, { schemas: [PATCH], Operations });
    expect((await patch([{ op: 'add', path: 'members', value: ids.map((value) => ({ value })) }])).status).toBe(204);
    expect((await patch([{ op: 'remove', path: `members[value eq ${JSON.stringify(ids[0])}]` }])).status).toBe(204);
    expect(
      (
        await patch([
          { op: 'remove', path: 'members', value: [{ value: ids[1] }] },
          { op: 'replace', path: 'displayName', value: 'Art 2B' },
        ])
      ).status,
    ).toBe(204);
    expect(await call('GET', `/Groups/${groupId}`)).toMatchObject({ body: { displayName: 'Art 2B', members: [{ value: ids[2] }] } });
    expect((await patch([{ op: 'add', path: 'members', value: [{ value: 'no-such-user' }] }])).body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    const byName = await call('GET', `/Groups?filter=${encodeURIComponent('displayName eq "Art 2B"')}`);
    expect(byName.body.Resources?.map((found) => found.id)).toEqual([groupId]);
  });

  it('runs Bulk operations in order with bulkId references, answering each', async () => {
    const answer = await call('POST', '/Bulk', {
      schemas: [BULK],
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'u1', data: user('bulk.one', 'ext-bulk-1') },
        { method: 'POST', path: '/Users', bulkId: 'u2', data: user('bulk.one', 'ext-bulk-2') },
        { method: 'POST', path: '/Groups', bulkId: 'g1', data: { schemas: [GROUP], displayName: 'Bulk group', members: [{ value: 'bulkId:u1' }] } },
        { method: 'PATCH', path: '/Users/bulkId:u1', data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] } },
      ],
    });
    const operations = answer.body.Operations as Array<Record<string, unknown>>;
    expect(operations.map((operation) => operation.status)).toEqual(['201', '409', '201', '200']);
    const userId = (operations[0]!.response as { id: string }).id;
    expect(operations[0]).toMatchObject({ bulkId: 'u1', location: expect.stringContaining(`/Users/${userId}`) });
    expect((await call('GET', `/Groups/${(operations[2]!.response as { id: string }).id}`)).body.members).toEqual([{ value: userId, type: 'User' }]);
    expect((await call('GET', `/Users/${userId}`)).body.active).toBe(false);
  });
});

describe.each([
  { kind: 'clever' as const, bulk: false },
  { kind: 'classlink' as const, bulk: true },
])('a $kind sync into the bench SCIM sink (bulk $bulk)', ({ kind, bulk }) => {
  let stack: SyncStack;

  beforeAll(async () => {
    stack = await startSyncStack({
      kind,
      seed: 23,
      students: 300,
      target: 'sink',
      sinkOptions: { bulk, bulkMaxOperations: 100 },
      sync: { batchSize: 100 },
      tenantSettings: { emailDomain: EMAIL_DOMAIN, deletionThreshold: { percent: 20, count: 100_000 } },
    });
  }, 180_000);
  afterAll(() => stack?.close());

  const converged = async () =>
    differenceCounts(
      checkConvergence({
        store: stack.store,
        providerId: stack.ids.providerId,
        target: await readTarget(stack.scim.baseUrl, stack.scim.token),
        emailDomain: EMAIL_DOMAIN,
      }),
    );

  it('makes the sink equal the district, then a resync writes nothing', { timeout: 300_000 }, async () => {
    const first = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' });
    expect(first).toMatchObject({ status: 'completed', counts: { failed: 0 } });
    expect(first.counts.created).toBeGreaterThan(300);
    expect(await converged()).toEqual(NO_DIFFERENCES);
    // With Bulk advertised, creates travel many to a request; without, one each.
    const posts = stack.scim.traffic.stats.servedByMethod.POST ?? 0;
    if (bulk) expect(posts).toBeLessThan(first.counts.created / 10);
    else expect(posts).toBeGreaterThanOrEqual(first.counts.created);

    stack.scim.traffic.resetCounters();
    const again = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 });
    expect(stack.scim.traffic.stats.writes).toBe(0);
  });

  it('converges after a rename, a deletion and a section move', { timeout: 300_000 }, async () => {
    const students = stack.store.list('users').filter((user) => user.roles.includes('student'));
    const [renamed, deleted, mover] = [students[0]!, students[1]!, students[2]!];
    const from = stack.store.list('sections').find((section) => section.studentIds.includes(mover.id))!;
    const to = stack.store.list('sections').find((section) => section.schoolId === from.schoolId && !section.studentIds.includes(mover.id))!;
    stack.store.mutate({ op: 'update', kind: 'users', id: renamed.id, patch: { name: { last: `${renamed.name.last}-Renamed` } } });
    stack.store.mutate({ op: 'delete', kind: 'users', id: deleted.id });
    stack.store.mutate({ op: 'unenroll', sectionId: from.id, userId: mover.id });
    stack.store.mutate({ op: 'enroll', sectionId: to.id, userId: mover.id, role: 'student' });

    const result = await runSync(stack.temporal.client, stack.worker.taskQueue, { ...stack.ids, mode: 'full' });
    expect(result).toMatchObject({ status: 'completed', counts: { failed: 0, updated: 1, deprovisioned: 1 } });
    expect(result.counts.membershipChanges).toBeGreaterThanOrEqual(2);
    expect(await converged()).toEqual(NO_DIFFERENCES);
  });
});
