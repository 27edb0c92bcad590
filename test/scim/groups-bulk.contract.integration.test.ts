import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimRequestError, type ScimClient, type ScimUserInput, type ScimWriteOperation } from '../../src/scim/index.js';
import { BULK_MAX_OPERATIONS, connect, CONTRACT_TARGETS, uniqueTag, type RunningTarget } from './contract-targets.js';

function student(tag: string, index: number): ScimUserInput {
  return {
    userName: `${tag}.${index}@example.org`,
    externalId: `ext-${tag}-${index}`,
    name: { givenName: `Élève ${index}`, familyName: "D'Artagnan" },
    emails: [{ value: `${tag}.${index}@example.org`, primary: true }],
  };
}

async function createStudents(client: ScimClient, tag: string, count: number): Promise<string[]> {
  const results = await client.applyWrites(
    Array.from({ length: count }, (_, index) => ({ kind: 'createUser', ref: `${tag}-${index}`, user: student(tag, index) })),
  );
  return results.map((result) => {
    if (!result.ok) throw result.error;
    return result.id;
  });
}

describe.each(CONTRACT_TARGETS)('SCIM groups and bulk contract: $name', (target) => {
  let server: RunningTarget;
  let client: ScimClient;

  beforeAll(async () => {
    server = await target.start();
    client = await connect(server, target.dialect);
  });
  afterAll(async () => server?.close());

  it('discovers whether Groups are served', () => {
    expect(client.capabilities.groups).toBe(target.expected.groups);
    expect(client.groups.supported).toBe(target.expected.groups);
  });

  it('adds and removes >100 members in PATCHes of ≤100 changes, verified by reading the group', async () => {
    const tag = uniqueTag('grp');
    const memberIds = await createStudents(client, tag, 230);
    const { resource: group, adopted } = await client.groups.create({ displayName: `Algebra I – période 3 ${tag}`, externalId: `sec-${tag}` });
    expect(adopted).toBe(false);

    const patchesBefore = server.traffic.stats.servedByMethod.PATCH ?? 0;
    const added = await client.groups.updateMembers(group.id, { add: memberIds });
    expect(added.map((chunk) => chunk.add.length)).toEqual([100, 100, 30]);
    expect(added.every((chunk) => chunk.ok)).toBe(true);
    expect((server.traffic.stats.servedByMethod.PATCH ?? 0) - patchesBefore).toBe(3);
    const full = await client.groups.get(group.id);
    expect(new Set(full.members?.map((member) => member.value))).toEqual(new Set(memberIds));

    const leaving = memberIds.slice(0, 120);
    const removed = await client.groups.updateMembers(group.id, { remove: leaving });
    expect(removed.map((chunk) => chunk.remove.length)).toEqual([100, 20]);
    expect(removed.every((chunk) => chunk.ok)).toBe(true);
    const after = await client.groups.get(group.id);
    expect(new Set(after.members?.map((member) => member.value))).toEqual(new Set(memberIds.slice(120)));
  });

  it('removes members with the value-array dialect too', async () => {
    const tag = uniqueTag('va');
    const memberIds = await createStudents(client, tag, 5);
    const valueArray = await connect(server, { ...target.dialect, memberRemoval: 'valueArray' });
    const { resource: group } = await valueArray.groups.create({ displayName: `Chorale ${tag}`, externalId: `sec-${tag}` });
    await valueArray.groups.updateMembers(group.id, { add: memberIds });
    const results = await valueArray.groups.updateMembers(group.id, { remove: memberIds.slice(0, 3) });
    expect(results).toEqual([{ ok: true, add: [], remove: memberIds.slice(0, 3) }]);
    const after = await valueArray.groups.get(group.id);
    expect(after.members?.map((member) => member.value).sort()).toEqual(memberIds.slice(3).sort());
  });

  it('adopts a group on 409 and reports a refused member chunk as a typed per-chunk error', async () => {
    const tag = uniqueTag('g409');
    const input = { displayName: `Physique ${tag}`, externalId: `sec-${tag}` };
    const first = await client.groups.create(input);
    const second = await client.groups.create(input);
    expect(second).toMatchObject({ adopted: true, resource: { id: first.resource.id } });

    const [chunk] = await client.groups.updateMembers(first.resource.id, { add: ['no-such-user-id'] });
    expect(chunk?.ok).toBe(false);
    if (chunk && !chunk.ok) {
      expect(chunk.error).toBeInstanceOf(ScimRequestError);
      expect(chunk.error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    }
    expect(await client.groups.delete(first.resource.id)).toEqual({ alreadyGone: false });
    expect(await client.groups.delete(first.resource.id)).toEqual({ alreadyGone: true });
  });

  it(`applies a batch through /Bulk in chunks where advertised, else as single requests`, async () => {
    const tag = uniqueTag('bulk');
    const [existingId] = await createStudents(client, `${tag}-pre`, 1);
    const operations: ScimWriteOperation[] = [
      ...Array.from({ length: 60 }, (_, index): ScimWriteOperation => ({ kind: 'createUser', ref: `new-${index}`, user: student(tag, index) })),
      { kind: 'createUser', ref: 'again', user: student(`${tag}-pre`, 0) },
      { kind: 'deactivateUser', ref: 'deactivate', id: existingId as string },
      { kind: 'deleteUser', ref: 'gone', id: 'no-such-id' },
      { kind: 'createGroup', ref: 'group', group: { displayName: `Bulk ${tag}`, externalId: `sec-${tag}` } },
    ];
    const before = server.traffic.stats.servedByMethod;
    const results = await client.applyWrites(operations);
    const after = server.traffic.stats.servedByMethod;

    expect(results.map((result) => result.operation.ref)).toEqual(operations.map((operation) => operation.ref));
    expect(results.every((result) => result.ok)).toBe(true);
    const byRef = new Map(results.map((result) => [result.operation.ref, result]));
    expect(byRef.get('again')).toMatchObject({ ok: true, adopted: true, id: existingId });
    expect(byRef.get('gone')).toMatchObject({ ok: true, alreadyGone: true });
    expect((await client.users.get(existingId as string)).active).toBe(false);
    const created = results.filter((result) => result.operation.kind === 'createUser' && result.ok && !result.adopted);
    for (const result of created.slice(0, 5)) if (result.ok) expect((await client.users.get(result.id)).id).toBe(result.id);

    const posts = (after.POST ?? 0) - (before.POST ?? 0);
    if (target.expected.bulk) {
      expect(results.every((result) => result.via === 'bulk')).toBe(true);
      // 64 operations at maxOperations 25 → 3 /Bulk requests.
      expect(posts).toBe(Math.ceil(operations.length / BULK_MAX_OPERATIONS));
    } else {
      expect(results.every((result) => result.via === 'single')).toBe(true);
      // One POST per create (the repeated create included); no /Bulk was attempted.
      expect(posts).toBe(62);
    }
  });
});
