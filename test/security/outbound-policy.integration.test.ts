import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { publicRangeProblem } from '../../src/domain/address-range.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { startCaptureListener, type CaptureListener } from './capture-listener.js';
import { TEST_TODAY } from '../support/test-today.js';

type ErrorBody = { error: { code: string; message: string; details?: { fields?: Array<{ field: string }> } } };

/** The operator has not allowed private addresses: tenant tokens must stay off them, the admin token may not. */
describe('outbound URL policy (OUTBOUND_ALLOW_PRIVATE_ADDRESSES off)', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let scim: ScimmyServer;
  let capture: CaptureListener;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    api = await startApiHarness({ allowPrivateOutbound: false });
    clever = await startCleverSimulator({ seed: 4, students: 50, today: TEST_TODAY });
    scim = await startScimmyServer();
    capture = await startCaptureListener();
    tenantId = await api.createTenant();
    ({ token } = await api.createTenantToken(tenantId));
  });
  afterAll(async () => {
    await Promise.allSettled([clever?.close(), scim?.close(), capture?.close()]);
    await api?.close();
  });

  const port = () => new URL(capture.baseUrl).port;
  const cleverBody = (baseUrl: string) => ({ kind: 'clever', name: `n-${Math.random()}`, connection: { baseUrl }, credentials: { token: 't' } });

  it('refuses loopback, private, link-local and unique-local hosts for tenant tokens, by name or address, before any request', async () => {
    const hosts = [
      `127.0.0.1:${port()}`,
      `localhost:${port()}`,
      `[::1]:${port()}`,
      `0x7f000001:${port()}`,
      '169.254.169.254',
      '10.1.2.3',
      '192.168.0.1',
      '[fd00::1]',
      '[::ffff:127.0.0.1]',
      '100.64.0.1',
    ];
    for (const host of hosts) {
      for (const [path, body, field] of [
        [`/tenants/${tenantId}/providers`, cleverBody(`http://${host}/v3.0`), 'body.connection.baseUrl'],
        [`/tenants/${tenantId}/scim-target`, { baseUrl: `http://${host}/scim/v2`, token: 't' }, 'body.baseUrl'],
      ] as const) {
        const response = await api.call(path.endsWith('providers') ? 'POST' : 'PUT', path, { token, body });
        const answer = (await response.json()) as ErrorBody;
        expect(response.status, `${host}: ${JSON.stringify(answer)}`).toBe(400);
        expect(answer.error.code, host).toBe('outbound_url_not_allowed');
        expect(answer.error.details?.fields?.map((entry) => entry.field)).toEqual([field]);
      }
    }
    expect(capture.requests).toEqual([]);
  });

  it('refuses base URLs with credentials, a query or a fragment for everyone', async () => {
    for (const baseUrl of [
      `https://user:pw@sis.example.org/v3.0`,
      'https://sis.example.org/v3.0?x=1',
      'https://sis.example.org/v3.0#top',
      'ftp://sis.example.org',
    ]) {
      for (const caller of [token, api.adminToken]) {
        const response = await api.call('POST', `/tenants/${tenantId}/providers`, { token: caller, body: cleverBody(baseUrl) });
        const answer = (await response.json()) as ErrorBody;
        expect(response.status, baseUrl).toBe(400);
        expect(answer.error.details?.fields?.map((entry) => entry.field)).toEqual(['body.connection.baseUrl']);
      }
    }
  });

  it('lets the admin token connect a loopback SIS and SCIM target', async () => {
    await api.expectJson(201, 'POST', `/tenants/${tenantId}/providers`, {
      body: { kind: 'clever', name: 'Local', connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token } },
    });
    await api.expectJson(200, 'PUT', `/tenants/${tenantId}/scim-target`, { body: { baseUrl: scim.baseUrl, token: scim.token } });
  });

  it('classifies addresses by range, IPv4-mapped IPv6 included', () => {
    expect(publicRangeProblem('93.184.215.14')).toBeUndefined();
    expect(publicRangeProblem('2606:4700::1111')).toBeUndefined();
    expect(publicRangeProblem('127.0.0.1')).toBe('loopback');
    expect(publicRangeProblem('::ffff:10.0.0.1')).toBe('private');
    expect(publicRangeProblem('fe80::1')).toBe('linkLocal');
    expect(publicRangeProblem('0.0.0.0')).toBe('unspecified');
  });
});

/** With private addresses allowed (as in the demo), probes still need the real thing and refuse redirects. */
describe('connection probes', () => {
  let api: ApiHarness;
  let scim: ScimmyServer;
  let tenantId: string;
  const servers: CaptureListener[] = [];

  beforeAll(async () => {
    api = await startApiHarness();
    scim = await startScimmyServer();
    tenantId = await api.createTenant();
  });
  afterAll(async () => {
    await Promise.allSettled([scim?.close(), ...servers.map((server) => server.close())]);
    await api?.close();
  });

  it('refuses a target that answers 2xx without being SCIM, or redirects elsewhere', async () => {
    const html = await startCaptureListener();
    const redirecting = await startCaptureListener(() => ({ status: 302, headers: { location: `${scim.baseUrl}/Users` }, body: '' }));
    servers.push(html, redirecting);
    const notScim = await api.expectJson<ErrorBody>(422, 'PUT', `/tenants/${tenantId}/scim-target`, {
      body: { baseUrl: `${html.baseUrl}/scim/v2`, token: scim.token },
    });
    expect(notScim.error.code).toBe('scim_target_not_scim');
    const redirected = await api.expectJson<ErrorBody>(422, 'PUT', `/tenants/${tenantId}/scim-target`, {
      body: { baseUrl: `${redirecting.baseUrl}/scim/v2`, token: scim.token },
    });
    expect(redirected.error.message).toContain('HTTP 302');
  });

  it('accepts a target without /ServiceProviderConfig whose /Users answers a SCIM ListResponse', async () => {
    // Real SCIMMY behind a listener that answers 404 to discovery and forwards everything else.
    const forwarding = await startForwarder(scim.baseUrl, (path) => path.endsWith('/ServiceProviderConfig'));
    servers.push(forwarding);
    const stored = await api.expectJson<{ baseUrl: string; settled?: unknown }>(200, 'PUT', `/tenants/${tenantId}/scim-target`, {
      body: { baseUrl: `${forwarding.baseUrl}/scim/v2`, token: scim.token },
    });
    expect(stored.baseUrl).toBe(`${forwarding.baseUrl}/scim/v2`);
    const requests = forwarding.requests.map((request) => `${request.method} ${request.url.split('?')[0]}`);
    // The probe proper, then discovery as a sync will do it, to report the dialect it settled on: reads only.
    expect(requests.slice(0, 2)).toEqual(['GET /scim/v2/ServiceProviderConfig', 'GET /scim/v2/Users']);
    expect(requests.every((request) => request.startsWith('GET '))).toBe(true);
    expect(stored).toMatchObject({ settled: { discovery: 'assumed', dialect: { useBulk: false } } });
  });
});

/** A loopback listener that answers 404 where `hide` says so and forwards the rest to `target`'s origin. */
function startForwarder(target: string, hide: (path: string) => boolean): Promise<CaptureListener> {
  const origin = new URL(target).origin;
  return startCaptureListener(async (request) => {
    if (hide(request.url.split('?')[0] ?? request.url)) {
      return {
        status: 404,
        headers: { 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' }),
      };
    }
    const upstream = await fetch(`${origin}${request.url}`, {
      method: request.method,
      headers: { authorization: String(request.headers.authorization ?? '') },
    });
    return { status: upstream.status, headers: { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }, body: await upstream.text() };
  });
}
