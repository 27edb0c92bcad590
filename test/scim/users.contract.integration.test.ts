import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isScimRequestError, ScimAuthError, ScimRequestError, type ScimClient, type ScimUserInput } from '../../src/scim/index.js';
import { connect, CONTRACT_TARGETS, uniqueTag, type RunningTarget } from './contract-targets.js';

function person(tag: string, givenName: string, familyName: string, userName = `${tag}@example.org`): ScimUserInput {
  return {
    userName,
    externalId: `ext-${tag}`,
    name: { givenName, familyName },
    displayName: `${givenName} ${familyName}`,
    emails: [{ value: `${tag}@example.org`, type: 'work', primary: true }],
    active: true,
    userType: 'student',
  };
}

describe.each(CONTRACT_TARGETS)('SCIM users contract: $name', (target) => {
  let server: RunningTarget;
  let client: ScimClient;

  beforeAll(async () => {
    server = await target.start();
    client = await connect(server, target.dialect);
  });
  afterAll(async () => server?.close());

  it('discovers the capabilities the installed server really has, without writing', async () => {
    const before = server.traffic.stats.writes;
    const fresh = await connect(server, target.dialect);
    expect(server.traffic.stats.writes).toBe(before);
    expect(fresh.capabilities).toMatchObject({
      patch: true,
      users: true,
      groups: target.expected.groups,
      enterpriseUser: target.expected.enterpriseUser,
      escapedFilterValues: target.expected.escapedFilterValues,
      filter: { supported: true, maxResults: target.expected.maxResults },
    });
    expect(fresh.capabilities.bulk.supported).toBe(target.expected.bulk);
    expect(fresh.dialect.useBulk).toBe(target.expected.bulk);
    expect(fresh.dialect.escapedLookups).toBe(target.expected.escapedFilterValues ? 'escaped' : 'prefixScan');
  });

  it.each([
    ['apostrophe and accents', 'Siobhán', "O'Connor-Ní Bhriain"],
    ['Polish diacritics', 'Łukasz', 'Żółć'],
    ['Han characters', '小龙', '李'],
    ['Greek', 'Ἀριστοτέλης', 'Σταγειρίτης'],
    ['Arabic', 'عبد الله', 'الفارسي'],
  ])('creates, reads, replaces, patches, deactivates and deletes a user (%s)', async (_label, givenName, familyName) => {
    const tag = uniqueTag('life');
    const input = person(tag, givenName, familyName);
    const created = await client.users.create(input);
    expect(created.adopted).toBe(false);
    const id = created.resource.id;

    const read = await client.users.get(id);
    expect(read).toMatchObject({ id, userName: input.userName, externalId: input.externalId, name: { givenName, familyName } });

    const replaced = await client.users.replace(id, { ...input, name: { givenName, familyName: `${familyName} Ü` } });
    expect(replaced.name).toMatchObject({ familyName: `${familyName} Ü` });
    expect((await client.users.get(id)).name).toMatchObject({ familyName: `${familyName} Ü` });

    await client.users.patch(id, [{ op: 'replace', path: 'displayName', value: `${givenName} ✓` }]);
    expect((await client.users.get(id)).displayName).toBe(`${givenName} ✓`);

    await client.users.deactivate(id);
    expect((await client.users.get(id)).active).toBe(false);

    expect(await client.users.delete(id)).toEqual({ alreadyGone: false });
    const gone = await client.users.get(id).catch((error: unknown) => error);
    expect(isScimRequestError(gone, 404)).toBe(true);
    // Idempotent: the second DELETE meets 404 and counts as done.
    expect(await client.users.delete(id)).toEqual({ alreadyGone: true });
  });

  it('looks users up by externalId and userName, escaping quotes and backslashes', async () => {
    const tag = uniqueTag('esc');
    const awkward: ScimUserInput = {
      ...person(tag, 'Dara', 'Ó Sé'),
      userName: `say "hi" \\ ${tag}`,
      externalId: `ext "${tag}" \\ end`,
    };
    const plain = person(uniqueTag('plain'), 'Ana', 'Lima');
    const { resource } = await client.users.create(awkward);
    const { resource: plainResource } = await client.users.create(plain);

    expect((await client.users.findByUserName(awkward.userName))?.id).toBe(resource.id);
    // userName is caseExact=false (RFC 7643 §4.1.1): an eq lookup ignores case on both.
    expect((await client.users.findByUserName(plain.userName.toUpperCase()))?.id).toBe(plainResource.id);
    expect((await client.users.findByExternalId(awkward.externalId as string))?.id).toBe(resource.id);
    expect((await client.users.lookup({ externalId: 'no-such-external-id', userName: plain.userName }))?.id).toBe(plainResource.id);
    expect(await client.users.findByExternalId(`ext "${tag}"`)).toBeUndefined();
  });

  it('adopts the existing user when a create meets 409, and creates no duplicate', async () => {
    const input = person(uniqueTag('dup'), 'Noor', 'Haddad');
    const first = await client.users.create(input);
    const second = await client.users.create(input);
    expect(second).toMatchObject({ adopted: true, resource: { id: first.resource.id } });
    const all = await client.users.list();
    expect(all.filter((user) => user.externalId === input.externalId)).toHaveLength(1);
  });

  it('does not adopt a userName that belongs to someone with another externalId', async () => {
    const owner = person(uniqueTag('own'), 'Kai', 'Berg');
    await client.users.create(owner);
    const impostor = { ...person(uniqueTag('imp'), 'Kai', 'Berg'), userName: owner.userName };
    const error = await client.users.create(impostor).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimRequestError);
    expect(error).toMatchObject({ status: 409, scimType: 'uniqueness' });
  });

  it('pages through more than one page, stopping at totalResults', async () => {
    const tag = uniqueTag('page');
    const inputs = Array.from({ length: 23 }, (_, index) => person(`${tag}-${index}`, 'Page', `Nº${index}`));
    const results = await client.applyWrites(inputs.map((user, index) => ({ kind: 'createUser', ref: `r${index}`, user })));
    expect(results.every((result) => result.ok)).toBe(true);
    const paged = await connect(server, { ...target.dialect, pageSize: 10 });
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const page of paged.users.pages()) {
      pages.push(page.length);
      seen.push(...page.map((user) => user.id));
    }
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.every((size) => size <= 10)).toBe(true);
    expect(new Set(seen).size).toBe(seen.length);
    const createdIds = results.flatMap((result) => (result.ok ? [result.id] : []));
    expect(seen).toEqual(expect.arrayContaining(createdIds));
  });

  it('maps a refused record to a typed error with status, scimType and detail', async () => {
    const badFilter = await client.users.list('userName zz "x"').catch((error: unknown) => error);
    expect(badFilter).toBeInstanceOf(ScimRequestError);
    expect(badFilter).toMatchObject({ status: 400, scimType: 'invalidFilter' });
    expect((badFilter as ScimRequestError).detail.length).toBeGreaterThan(0);

    // userName is required (RFC 7643 §4.1.1); the cast sends a document without one.
    const noUserName = { emails: [{ value: `${uniqueTag('e')}@example.org` }] } as unknown as ScimUserInput;
    const missing = await client.users.create(noUserName).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(ScimRequestError);
    expect(missing).toMatchObject({ status: 400, scimType: 'invalidValue', origin: 'server' });
  });

  it('fails with a non-retryable auth error on a wrong token', async () => {
    const error = await connect({ ...server, token: 'wrong-token' }, target.dialect).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimAuthError);
    expect(error).toMatchObject({ status: 401, retryable: false });
  });
});
