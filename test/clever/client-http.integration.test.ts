import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { SisAuthError, SisRateLimitError, SisSchemaError, SisUnavailableError } from '../../src/providers/errors.js';
import { createCleverClient, type CleverClientOptions } from '../../src/providers/clever/clever-client.js';
import { smallDistrict } from './fixtures/small-district.js';
import { recordingFetch, virtualTime } from './recording-fetch.js';
import { getJson } from './sim-http.js';

let sim: CleverSimulator;
beforeAll(async () => {
  sim = await startCleverSimulator({ store: createDistrictStore(smallDistrict()) });
});
afterAll(async () => sim.close());

const noWait = { sleep: async () => {} };
const clientFor = (target: CleverSimulator, options: Partial<CleverClientOptions> = {}) =>
  createCleverClient({ baseUrl: target.baseUrl, token: target.token, ...options });

describe('Clever client: authentication', () => {
  it('rejects a bad token with a non-retryable SisAuthError, after exactly one request', async () => {
    const wire = recordingFetch();
    const client = clientFor(sim, { token: 'wrong-token', fetch: wire.fetch, ...noWait });
    const verify = await client.verifyCredentials().catch((error: unknown) => error);
    expect(verify).toBeInstanceOf(SisAuthError);
    expect(verify).toMatchObject({ retryable: false, status: 401, type: 'SisAuthError' });
    const page = await client.fetchPage('users', null).catch((error: unknown) => error);
    expect(page).toBeInstanceOf(SisAuthError);
    expect(wire.calls.map((call) => call.status)).toEqual([401, 401]);
  });

  it('accepts the district token', async () => {
    await expect(clientFor(sim).verifyCredentials()).resolves.toBeUndefined();
  });
});

describe('Clever client: paging', () => {
  it('gets 413 from the simulator above limit 10000; the client clamps its page size instead', async () => {
    const raw = await getJson(sim, '/v3.0/schools?limit=10001');
    expect(raw.status).toBe(413);
    const wire = recordingFetch();
    const page = await clientFor(sim, { fetch: wire.fetch }).fetchPage('schools', null, { limit: 50_000 });
    expect(page.records).toHaveLength(2);
    expect(wire.calls[0]?.url).toContain('limit=10000');
  });

  it('resumes from a cursor and lists every user once across role passes, contacts never fetched', async () => {
    const wire = recordingFetch();
    const client = clientFor(sim, { fetch: wire.fetch, pageSize: 1 });
    const first = await client.fetchPage('users', null);
    expect(first.nextCursor).toBe(`student:${first.records[0]?.sourceId ?? ''}`);
    const seen: string[] = first.records.map((record) => record.sourceId);
    for await (const page of client.pages('users', first.nextCursor)) seen.push(...page.records.map((record) => record.sourceId));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(7);
    expect(wire.calls.every((call) => !call.url.includes('role=contact'))).toBe(true);
  });
});

describe('Clever client: rate limits (virtual clock shared by simulator and client)', () => {
  const start = Date.parse('2026-09-01T08:00:00.000Z');

  it('simulator: fixed windows, X-RateLimit headers on every response, 429 with Retry-After when spent', async () => {
    const time = virtualTime(start);
    const limited = await startCleverSimulator({ store: createDistrictStore(smallDistrict()), rateLimit: { limit: 3, windowMs: 1000 }, clock: time.date });
    try {
      const answers = [];
      for (let i = 0; i < 4; i += 1) answers.push(await getJson(limited, '/v3.0/terms'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
      expect(answers.map((answer) => answer.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
      expect(answers.every((answer) => answer.headers.get('x-ratelimit-limit') === '3')).toBe(true);
      expect(answers[3]?.headers.get('x-ratelimit-reset')).toBe(String((start + 1000) / 1000));
      expect(answers[3]?.headers.get('retry-after')).toBe('1');
      await time.sleep(1000);
      const nextWindow = await getJson(limited, '/v3.0/terms');
      expect(nextWindow.status).toBe(200);
      expect(nextWindow.headers.get('x-ratelimit-remaining')).toBe('2');
    } finally {
      await limited.close();
    }
  });

  it('client pauses before the budget runs out and never meets a 429', async () => {
    const time = virtualTime(start);
    const limited = await startCleverSimulator({ store: createDistrictStore(smallDistrict()), rateLimit: { limit: 3, windowMs: 1000 }, clock: time.date });
    try {
      const wire = recordingFetch();
      const client = clientFor(limited, { fetch: wire.fetch, pageSize: 1, rateLimitReserve: 0, now: time.now, sleep: time.sleep });
      const ids: string[] = [];
      for await (const page of client.pages('users', null)) ids.push(...page.records.map((record) => record.sourceId));
      expect(ids).toHaveLength(7);
      expect(wire.calls.length).toBeGreaterThan(3);
      expect(wire.calls.every((call) => call.status === 200)).toBe(true);
      expect(time.sleeps.length).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });

  it('client honours Retry-After on a 429 and carries on; gives up with SisRateLimitError past its budget', async () => {
    const time = virtualTime(start);
    const limited = await startCleverSimulator({ store: createDistrictStore(smallDistrict()), rateLimit: { limit: 2, windowMs: 1000 }, clock: time.date });
    try {
      const wire = recordingFetch();
      const client = clientFor(limited, { fetch: wire.fetch, pageSize: 1, rateLimitReserve: -1, now: time.now, sleep: time.sleep });
      const ids: string[] = [];
      for await (const page of client.pages('users', null)) ids.push(...page.records.map((record) => record.sourceId));
      expect(ids).toHaveLength(7);
      expect(wire.calls.map((call) => call.status)).toContain(429);
      expect(time.sleeps).toContain(1000);

      limited.faults.update({ rate429: 1 });
      const stubborn = clientFor(limited, { retry: { maxRateLimitWaits: 2 }, now: time.now, sleep: time.sleep });
      await expect(stubborn.fetchPage('terms', null)).rejects.toBeInstanceOf(SisRateLimitError);
    } finally {
      await limited.close();
    }
  });
});

describe('Clever client: transient failures', () => {
  it.each([
    ['5xx', { rate5xx: 1 }, /HTTP 50[03]/],
    ['truncated JSON', { malformedRate: 1 }, /malformed JSON/],
  ])('retries %s a bounded number of times, then throws SisUnavailableError', async (_label, knobs, message) => {
    sim.faults.update({ ...knobs, seed: 3 });
    try {
      const wire = recordingFetch();
      const client = clientFor(sim, { fetch: wire.fetch, retry: { maxAttempts: 3, baseDelayMs: 1 }, ...noWait });
      const error = await client.fetchPage('courses', null).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(SisUnavailableError);
      expect(error).toMatchObject({ retryable: true, message: expect.stringMatching(message) });
      expect(wire.calls).toHaveLength(3);
    } finally {
      sim.faults.reset();
    }
  });

  it('treats a page slower than the timeout as transient; other pages are unaffected', async () => {
    sim.faults.update({ slowPage: { path: '/v3.0/terms', delayMs: 400 } });
    try {
      const client = clientFor(sim, { timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } });
      await expect(client.fetchPage('terms', null)).rejects.toBeInstanceOf(SisUnavailableError);
      await expect(client.fetchPage('schools', null)).resolves.toMatchObject({ nextCursor: null });
    } finally {
      sim.faults.reset();
    }
  });
});

describe('Clever client: payloads that break the definitions', () => {
  let server: ReturnType<typeof serve>;
  let baseUrl = '';
  beforeAll(async () => {
    // A stand-in Clever that answers hand-written invalid bodies (fixtures, not behaviour).
    const app = new Hono();
    app.get('/v3.0/users', (c) => c.json({ data: [{ data: { id: 'u1', name: { first: 'Ok', last: 'Fine' } } }, { data: { id: 'u2', name: { first: 42 } } }] }));
    app.get('/v3.0/schools', (c) => c.json({ data: 'not a list' }));
    app.get('/v3.0/terms', (c) => c.json({ data: [{ data: { name: 'No id' } }] }));
    await new Promise<void>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
        baseUrl = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it.each([
    ['users', '/v3.0/users', 'data[1].data.name.first'],
    ['schools', '/v3.0/schools', 'data'],
    ['terms', '/v3.0/terms', 'data[0].data.id'],
  ] as const)('%s → SisSchemaError naming route and field', async (kind, route, field) => {
    const client = createCleverClient({ baseUrl, token: 't' });
    const error = await client.fetchPage(kind, null).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SisSchemaError);
    expect(error).toMatchObject({ route, field, retryable: false });
  });
});
