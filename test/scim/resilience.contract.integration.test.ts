import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBetterAuthScimServer } from '../../sim/scim/better-auth-server.js';
import { ScimRateLimitError, ScimSkippedError, ScimUnavailableError, type ScimClient, type ScimWriteOperation } from '../../src/scim/index.js';
import { connect, CONTRACT_TARGETS, recordingSleep, uniqueTag, type RunningTarget } from './contract-targets.js';

const NOT_RANDOM = () => 0;

describe.each(CONTRACT_TARGETS)('SCIM retry and backoff contract: $name', (target) => {
  let server: RunningTarget;
  let client: ScimClient;
  let slept: ReturnType<typeof recordingSleep>;
  let knownId: string;

  beforeAll(async () => {
    server = await target.start();
    slept = recordingSleep();
    client = await connect(server, target.dialect, { sleep: slept.sleep, random: NOT_RANDOM, retry: { maxAttempts: 4 } });
    const tag = uniqueTag('rty');
    knownId = (await client.users.create({ userName: `${tag}@example.org`, emails: [{ value: `${tag}@example.org` }] })).resource.id;
  });
  afterAll(async () => server?.close());

  it.each([
    ['Retry-After in seconds', 'Retry-After' as const, '3', 3000],
    ['X-Retry-After in seconds (better-auth style)', 'X-Retry-After' as const, '2', 2000],
  ])('waits out 429 with %s, then succeeds', async (_label, header, value, expectedMs) => {
    slept.delays.length = 0;
    server.traffic.failNext({ status: 429, count: 2, retryAfter: value, retryAfterHeader: header });
    expect((await client.users.get(knownId)).id).toBe(knownId);
    expect(slept.delays).toEqual([expectedMs, expectedMs]);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    slept.delays.length = 0;
    const at = new Date(Date.now() + 5_000).toUTCString();
    server.traffic.failNext({ status: 429, count: 1, retryAfter: at });
    expect((await client.users.get(knownId)).id).toBe(knownId);
    expect(slept.delays).toHaveLength(1);
    // The date has one-second resolution: the wait is what is left of the 5 s, to the second.
    expect(slept.delays[0]).toBeGreaterThan(3_000);
    expect(slept.delays[0]).toBeLessThanOrEqual(5_000);
  });

  it('retries 503 with exponential backoff and retries a create without duplicating it', async () => {
    slept.delays.length = 0;
    const random = () => 0.999;
    const backoff = await connect(server, target.dialect, { sleep: slept.sleep, random, retry: { maxAttempts: 4, baseDelayMs: 100 } });
    server.traffic.failNext({ status: 503, count: 3, method: 'POST' });
    const tag = uniqueTag('r503');
    const { resource, adopted } = await backoff.users.create({ userName: `${tag}@example.org`, externalId: tag, emails: [{ value: `${tag}@example.org` }] });
    expect(adopted).toBe(false);
    expect(slept.delays).toEqual([99, 199, 399]);
    expect((await backoff.users.findByExternalId(tag))?.id).toBe(resource.id);
  });

  it('gives up after the bounded attempts with a retryable typed error', async () => {
    server.traffic.failNext({ status: 503, count: 10 });
    const outage = await client.users.get(knownId).catch((error: unknown) => error);
    expect(outage).toBeInstanceOf(ScimUnavailableError);
    expect(outage).toMatchObject({ retryable: true, status: 503 });
    server.traffic.clearFaults();

    server.traffic.failNext({ status: 429, count: 10, retryAfter: '1' });
    const limited = await client.users.get(knownId).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ScimRateLimitError);
    expect(limited).toMatchObject({ retryable: true, retryAfterMs: 1000 });
    server.traffic.clearFaults();
  });

  it('stops a batch after a target-wide failure and reports the rest as skipped, unsent', async () => {
    const tag = uniqueTag('gate');
    const operations: ScimWriteOperation[] = Array.from({ length: 4 }, (_, index) => ({
      kind: 'createUser',
      ref: `g${index}`,
      user: { userName: `${tag}.${index}@example.org`, emails: [{ value: `${tag}.${index}@example.org` }] },
    }));
    const serial = await connect(
      server,
      { ...target.dialect, useBulk: false },
      { sleep: slept.sleep, random: NOT_RANDOM, retry: { maxAttempts: 2 }, concurrency: 1 },
    );
    server.traffic.failNext({ status: 503, count: 2, method: 'POST' });
    const before = server.traffic.stats.received;
    const results = await serial.applyWrites(operations);
    expect(results[0]).toMatchObject({ ok: false, error: { type: 'ScimUnavailableError' } });
    for (const skipped of results.slice(1)) {
      expect(skipped.ok).toBe(false);
      if (!skipped.ok) expect(skipped.error).toBeInstanceOf(ScimSkippedError);
      if (!skipped.ok) expect(skipped.error.retryable).toBe(true);
    }
    expect(server.traffic.stats.received - before).toBe(2);
  });
});

describe('better-auth rate limiter (real X-Retry-After, real wait)', () => {
  let server: RunningTarget;
  beforeAll(async () => {
    server = await startBetterAuthScimServer({ rateLimit: { window: 1, max: 2 } });
  });
  afterAll(async () => server?.close());

  it('sends 429 with X-Retry-After, which the client honours before succeeding', async () => {
    const slept = recordingSleep();
    const client = await connect(server, CONTRACT_TARGETS[0]?.dialect ?? {}, {
      // Really wait (the limiter's window is real time), but remember what was asked for.
      sleep: async (ms) => {
        await slept.sleep(ms);
        await new Promise((resolve) => setTimeout(resolve, ms));
      },
    });
    const reads = await Promise.all(Array.from({ length: 4 }, () => client.users.list('userName eq "nobody@example.org"')));
    expect(reads.every((users) => users.length === 0)).toBe(true);
    expect(slept.delays.length).toBeGreaterThan(0);
    expect(Math.min(...slept.delays)).toBeGreaterThanOrEqual(1_000);
  });
});
