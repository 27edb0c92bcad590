import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDistrictStore } from '../../sim/district/store.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { SisAuthError } from '../../src/providers/errors.js';
import { createClassLinkClient, type ClassLinkClientOptions } from '../../src/providers/classlink/classlink-client.js';
import { createOAuth1Signer } from '../../src/providers/classlink/oauth1-signer.js';
import { smallDistrict } from './fixtures/small-district.js';

let sim: OneRosterSimulator;

beforeAll(async () => {
  sim = await startOneRosterSimulator({ store: createDistrictStore(smallDistrict()), timestampSkewSeconds: 300 });
});
afterAll(() => sim.close());

/** A fetch that counts calls, so "non-retryable" is checked as "asked exactly once". */
function countingFetch(transform?: (init: RequestInit) => RequestInit) {
  const counter = { calls: 0 };
  const wrapped: typeof fetch = (input, init) => {
    counter.calls += 1;
    return fetch(input, transform && init ? transform(init) : init);
  };
  return { counter, fetch: wrapped };
}

function client(overrides: Partial<ClassLinkClientOptions>) {
  return createClassLinkClient({
    baseUrl: sim.baseUrl,
    consumerKey: sim.consumerKey,
    consumerSecret: sim.consumerSecret,
    sleep: async () => {},
    ...overrides,
  });
}

async function rawGet(url: string, authorization: string) {
  const response = await fetch(url, { headers: { authorization } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const unauthorised = {
  imsx_codeMajor: 'failure',
  imsx_severity: 'error',
  imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'unauthorisedrequest' }] },
};

describe('OAuth 1.0a HMAC-SHA256 on the OneRoster simulator', () => {
  it('accepts a correctly signed request with query parameters', async () => {
    await expect(client({}).verifyCredentials()).resolves.toBeUndefined();
    const url = `${sim.baseUrl}/users?limit=2&filter=${encodeURIComponent("role='student'")}`;
    const sign = createOAuth1Signer({ consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret });
    expect((await rawGet(url, sign('GET', url))).status).toBe(200);
  });

  it('rejects a bad signature (wrong secret) with 401, surfacing as non-retryable SisAuthError', async () => {
    const { counter, fetch: counted } = countingFetch();
    const error = await client({ consumerSecret: 'not-the-secret', fetch: counted })
      .verifyCredentials()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisAuthError);
    expect(error).toMatchObject({ status: 401, retryable: false, type: 'SisAuthError' });
    expect(counter.calls).toBe(1);
  });

  it('rejects a signature over different query parameters than the ones sent', async () => {
    const sign = createOAuth1Signer({ consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret });
    const signedFor = `${sim.baseUrl}/users?limit=1`;
    const response = await rawGet(`${sim.baseUrl}/users?limit=2`, sign('GET', signedFor));
    expect(response).toEqual({ status: 401, body: expect.objectContaining(unauthorised) });
  });

  it('rejects an unknown consumer key', async () => {
    const { counter, fetch: counted } = countingFetch();
    const error = await client({ consumerKey: 'who-is-this', fetch: counted })
      .fetchPage('schools', null)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SisAuthError);
    expect(counter.calls).toBe(1);
  });

  it('rejects a timestamp outside the allowed skew, raw and through the client', async () => {
    const tenMinutesAgo = () => Date.now() - 10 * 60 * 1000;
    const sign = createOAuth1Signer({ consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret, now: tenMinutesAgo });
    const url = `${sim.baseUrl}/orgs`;
    const response = await rawGet(url, sign('GET', url));
    expect(response.status).toBe(401);
    expect(response.body.imsx_description).toContain('stale_timestamp');

    const error = await client({ now: tenMinutesAgo })
      .verifyCredentials()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'SisAuthError', retryable: false });
  });

  it('rejects a replayed nonce, raw and when a proxy replays the client’s first Authorization header', async () => {
    const sign = createOAuth1Signer({ consumerKey: sim.consumerKey, consumerSecret: sim.consumerSecret, nonce: () => 'same-nonce-every-time' });
    const url = `${sim.baseUrl}/orgs`;
    const authorization = sign('GET', url);
    expect((await rawGet(url, authorization)).status).toBe(200);
    const replay = await rawGet(url, authorization);
    expect(replay.status).toBe(401);
    expect(replay.body.imsx_description).toContain('replayed_nonce');

    let firstAuthorization: string | undefined;
    const { counter, fetch: replaying } = countingFetch((init) => {
      const headers = new Headers(init.headers);
      firstAuthorization ??= headers.get('authorization') ?? undefined;
      headers.set('authorization', firstAuthorization ?? '');
      return { ...init, headers };
    });
    const replayingClient = client({ fetch: replaying });
    await replayingClient.verifyCredentials();
    const error = await replayingClient.verifyCredentials().catch((e: unknown) => e);
    expect(error).toMatchObject({ type: 'SisAuthError', retryable: false, status: 401 });
    expect(counter.calls).toBe(2);
  });

  it('rejects a request without an OAuth header', async () => {
    const response = await fetch(`${sim.baseUrl}/orgs`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject(unauthorised);
  });
});
