import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuirkyScimServer, type QuirkyScimServer } from '../../sim/scim/quirky-server.js';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { connectScimClient, ScimPagingError, ScimTargetUnavailableError, type ScimClient } from '../../src/scim/index.js';

/**
 * The SCIM client against a target without discovery endpoints, that reports totalResults as
 * the page size, ignores startIndex on /Groups and caps pages at 50 (sim/scim/quirky-server.ts).
 */
describe('a SCIM target without discovery and with untrustworthy paging', () => {
  let server: QuirkyScimServer;
  let client: ScimClient;

  beforeAll(async () => {
    server = await startQuirkyScimServer();
    client = await connectScimClient({ baseUrl: server.baseUrl, token: server.token });
  });
  afterAll(async () => server?.close());

  it('is used with the conservative dialect: no Bulk, equality filters, members by PATCH', () => {
    expect(client.capabilities).toMatchObject({ source: 'assumed', patch: true, users: true, groups: true, bulk: { supported: false } });
    expect(client.dialect).toMatchObject({ useBulk: false, filterLookups: true, memberRemoval: 'pathFilter', deactivation: 'patch', pageSize: 100 });
  });

  it('lets tenant overrides switch on what the target could not advertise', async () => {
    const overridden = await connectScimClient({
      baseUrl: server.baseUrl,
      token: server.token,
      dialect: { useBulk: true, pageSize: 500, filterLookups: false, memberRemoval: 'valueArray' },
    });
    expect(overridden.dialect).toMatchObject({ useBulk: true, bulkMaxOperations: 100, pageSize: 500, filterLookups: false, memberRemoval: 'valueArray' });
  });

  it('lists every user although totalResults says 50 and pages are capped at 50', async () => {
    for (let start = 0; start < 120; start += 20) {
      await Promise.all(
        Array.from({ length: 20 }, (_, offset) => {
          const n = start + offset;
          return client.users.create({
            userName: `quirky-${n}@example.org`,
            externalId: `quirky-${n}`,
            name: { givenName: 'Q', familyName: String(n) },
            active: true,
          });
        }),
      );
    }
    const users = await client.users.list();
    expect(users).toHaveLength(120);
    expect(new Set(users.map((user) => user.externalId)).size).toBe(120);
  });

  it('refuses to truncate a Groups listing whose startIndex is ignored, and finds groups by filter instead', async () => {
    for (let n = 0; n < 60; n += 1) await client.groups.create({ displayName: `Quirky group ${n}`, externalId: `quirky-group-${n}` });
    const readAll = async () => {
      for await (const page of client.groups.pages()) expect(page.length).toBeLessThanOrEqual(50);
    };
    await expect(readAll()).rejects.toBeInstanceOf(ScimPagingError);
    expect(await client.groups.findByExternalId('quirky-group-59')).toMatchObject({ displayName: 'Quirky group 59' });
  });

  it('finds a user by reading the listing when filters are switched off', async () => {
    const scanning = await connectScimClient({ baseUrl: server.baseUrl, token: server.token, dialect: { filterLookups: false } });
    server.traffic.resetCounters();
    expect(await scanning.users.findByExternalId('quirky-117')).toMatchObject({ userName: 'quirky-117@example.org' });
    expect(server.traffic.stats.received).toBeGreaterThan(1);
  });
});

describe('a base URL where no SCIM service answers', () => {
  let scimmy: ScimmyServer;
  beforeAll(async () => {
    scimmy = await startScimmyServer();
  });
  afterAll(async () => scimmy?.close());

  it('fails discovery with ScimTargetUnavailable, naming the request', async () => {
    const error = await connectScimClient({ baseUrl: `${scimmy.baseUrl}/not-scim`, token: scimmy.token }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScimTargetUnavailableError);
    expect(error).toMatchObject({ type: 'ScimTargetUnavailable', retryable: false });
    expect(String((error as Error).message)).toMatch(/^SCIM GET \/Users: /);
  });
});
