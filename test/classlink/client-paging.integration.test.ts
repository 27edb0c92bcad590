import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { SisRequestError, SisSchemaError } from '../../src/providers/errors.js';
import { createClassLinkClient } from '../../src/providers/classlink/classlink-client.js';
import { smallDistrict } from './fixtures/small-district.js';

let sim: OneRosterSimulator;
/** A OneRoster server that answers with a broken envelope: `classes` is not a list. */
let brokenServer: ReturnType<typeof serve>;
let brokenBaseUrl: string;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ store: createDistrictStore(smallDistrict()) });
  const broken = new Hono();
  broken.get('/ims/oneroster/v1p1/courses', (c) => c.json({ courses: { sourcedId: 'not-a-list' } }));
  broken.get('/ims/oneroster/v1p1/terms', (c) =>
    c.json({ academicSessions: [{ sourcedId: 't1', title: 'Fall', status: 'active' }] }, 200, { 'X-Total-Count': '1' }),
  );
  brokenServer = await new Promise((resolve) => {
    const server = serve({ fetch: broken.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(server));
  });
  brokenBaseUrl = `http://127.0.0.1:${(brokenServer.address() as AddressInfo).port}/ims/oneroster/v1p1`;
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => brokenServer.close(resolve));
});

const clientFor = (baseUrl: string) =>
  createClassLinkClient({ baseUrl, consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret, sleep: async () => {}, pageSize: 3 });

describe('ClassLink client paging', () => {
  it('pages with offset cursors and resumes from any cursor', async () => {
    const client = clientFor(sim.baseUrl);
    const pages = [];
    for await (const page of client.pages('users', null)) pages.push(page);
    expect(pages.map((p) => p.nextCursor)).toEqual(['3', '6', null]);
    expect(pages.map((p) => p.records.length)).toEqual([3, 3, 2]);

    const resumed = [];
    for await (const page of client.pages('users', '3')) resumed.push(...page.records.map((r) => r.sourceId));
    expect(resumed).toEqual(pages.slice(1).flatMap((p) => p.records.map((r) => r.sourceId)));
  });

  it('stages users and sections with their resolved context', async () => {
    const page = await clientFor(sim.baseUrl).fetchPage('sections', null, { limit: 1 });
    expect(page.records[0]?.payload).toMatchObject({
      class: { sourcedId: page.records[0]?.sourceId },
      teachers: expect.arrayContaining([expect.objectContaining({ primary: true }), expect.objectContaining({ primary: false })]),
    });
  });

  it('names route and field when the envelope violates the schema', async () => {
    const error = await clientFor(brokenBaseUrl)
      .fetchPage('courses', null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisSchemaError);
    expect(error).toMatchObject({ route: '/courses', field: 'courses', retryable: false });
  });

  it('maps 404 to a non-retryable SisRequestError', async () => {
    const error = await clientFor(brokenBaseUrl)
      .fetchPage('schools', null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisRequestError);
    expect(error).toMatchObject({ status: 404, retryable: false });
  });

  it('accepts a minimal valid page from another server', async () => {
    const client = clientFor(brokenBaseUrl);
    const page = await client.fetchPage('terms', null);
    expect(page.nextCursor).toBeNull();
    expect(
      client.transform(
        'terms',
        page.records.map((r) => r.payload),
      ),
    ).toEqual({ terms: [{ sourceId: 't1', name: 'Fall' }], errors: [] });
  });
});
