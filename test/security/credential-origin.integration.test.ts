import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { startOneRosterSimulator, type OneRosterSimulator } from '../../sim/oneroster/server.js';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { CAPTURE_BODY_MARKER, startCaptureListener, type CaptureListener } from './capture-listener.js';
import { TEST_TODAY } from '../support/test-today.js';

type ErrorBody = { error: { code: string; message: string; details?: { fields?: Array<{ field: string }> } } };

/**
 * A tenant token tries every route that makes the bridge call out, pointing it at a capture
 * listener, with and without credentials of its own. The listener must never receive a stored
 * SIS credential (Clever token, ClassLink key or signature), nor the stored SCIM token.
 */
describe('stored credentials are only ever sent to the origin they were entered for', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let oneRoster: OneRosterSimulator;
  let scim: ScimmyServer;
  let capture: CaptureListener;
  let tenantId: string;
  let token: string;
  let cleverId: string;
  let classLinkId: string;
  const answers: string[] = [];

  async function call(status: number, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const response = await api.call(method, path, { token, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    answers.push(text);
    expect(response.status, `${method} ${path} → ${text}`).toBe(status);
    return (text ? JSON.parse(text) : {}) as Record<string, unknown>;
  }

  beforeAll(async () => {
    api = await startApiHarness();
    clever = await startCleverSimulator({ seed: 3, students: 50, today: TEST_TODAY, token: `clever-stored-${Date.now()}` });
    oneRoster = await startOneRosterSimulator({ seed: 3, students: 50, today: TEST_TODAY });
    scim = await startScimmyServer();
    capture = await startCaptureListener();
    tenantId = await api.createTenant();
    ({ token } = await api.createTenantToken(tenantId));
    const providers = `/tenants/${tenantId}/providers`;
    cleverId = String(
      (await call(201, 'POST', providers, { kind: 'clever', name: 'Clever', connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token } }))
        .id,
    );
    classLinkId = String(
      (
        await call(201, 'POST', providers, {
          kind: 'classlink',
          name: 'ClassLink',
          connection: { baseUrl: oneRoster.baseUrl },
          credentials: { consumerKey: oneRoster.consumerKey, consumerSecret: oneRoster.consumerSecret },
        })
      ).id,
    );
    await call(200, 'PUT', `/tenants/${tenantId}/scim-target`, { baseUrl: scim.baseUrl, token: scim.token });
  });
  afterAll(async () => {
    await Promise.allSettled([clever?.close(), oneRoster?.close(), scim?.close(), capture?.close()]);
    await api?.close();
  });

  it('refuses to move a provider or the SCIM target to another origin without the credentials (400 naming the field)', async () => {
    for (const [id, baseUrl] of [
      [cleverId, `${capture.baseUrl}/v3.0`],
      [classLinkId, `${capture.baseUrl}/ims/oneroster/v1p1`],
    ] as const) {
      for (const connection of [{ baseUrl }, { baseUrl, districtId: 'd1' }]) {
        const refused = (await call(400, 'PUT', `/tenants/${tenantId}/providers/${id}`, { connection })) as ErrorBody;
        expect(refused.error.code).toBe('credentials_required');
        expect(refused.error.details?.fields?.map((field) => field.field)).toEqual(['body.credentials']);
      }
    }
    const scimRefused = (await call(400, 'PUT', `/tenants/${tenantId}/scim-target`, { baseUrl: `${capture.baseUrl}/scim/v2` })) as ErrorBody;
    expect(scimRefused.error).toMatchObject({ code: 'credentials_required', details: { fields: [{ field: 'body.token' }] } });
    expect(capture.requests).toEqual([]);
  });

  it('checks a new origin with the credentials sent for it only, and never echoes what the other side answered', async () => {
    const attempts: Array<[string, unknown]> = [
      [`/tenants/${tenantId}/providers/${cleverId}`, { connection: { baseUrl: capture.baseUrl }, credentials: { token: 'the-callers-own-token' } }],
      [
        `/tenants/${tenantId}/providers/${classLinkId}`,
        { connection: { baseUrl: capture.baseUrl }, credentials: { consumerKey: 'own-key', consumerSecret: 'own-secret' } },
      ],
      [`/tenants/${tenantId}/scim-target`, { baseUrl: `${capture.baseUrl}/scim/v2`, token: 'the-callers-own-scim-token' }],
    ];
    for (const [path, body] of attempts) {
      const refused = (await call(422, 'PUT', path, body)) as ErrorBody;
      expect(refused.error.code).toMatch(/^(sis_connection_invalid|scim_target_not_scim)$/);
      expect(refused.error.message).toMatch(/expected|did not answer with/);
    }
    const created = (await call(422, 'POST', `/tenants/${tenantId}/providers`, {
      kind: 'clever',
      name: 'Elsewhere',
      connection: { baseUrl: capture.baseUrl },
      credentials: { token: 'the-callers-own-token' },
    })) as ErrorBody;
    expect(created.error.code).toBe('sis_connection_invalid');
    expect(capture.requests.length).toBeGreaterThanOrEqual(4);
    expect(capture.dump()).toContain('the-callers-own-token');
  });

  it('keeps the stored connection and credentials paired: nothing the refused updates named is stored', async () => {
    for (const id of [cleverId, classLinkId]) {
      const provider = await call(200, 'GET', `/tenants/${tenantId}/providers/${id}`);
      expect((provider.connection as { baseUrl: string }).baseUrl).not.toContain(capture.baseUrl);
    }
    expect(await api.readVault(`tenants/${tenantId}/providers/${cleverId}`)).toEqual({ status: 200, data: { token: clever.token } });
    expect((await call(200, 'GET', `/tenants/${tenantId}/scim-target`)).baseUrl).toBe(scim.baseUrl);
    expect(await api.readVault(`tenants/${tenantId}/scim-target`)).toEqual({ status: 200, data: { token: scim.token } });
    // A change on the same origin still verifies with the stored credentials.
    await call(200, 'PUT', `/tenants/${tenantId}/providers/${cleverId}`, { connection: { baseUrl: clever.baseUrl, districtId: 'd1' } });
    await call(200, 'PUT', `/tenants/${tenantId}/scim-target`, { baseUrl: scim.baseUrl, dialect: { maxGroupMembers: 500 } });
  });

  it('never let a stored credential or an upstream body out', () => {
    const received = capture.dump();
    for (const secret of [clever.token, oneRoster.consumerKey, oneRoster.consumerSecret, scim.token]) expect(received).not.toContain(secret);
    for (const answer of answers) expect(answer).not.toContain(CAPTURE_BODY_MARKER);
  });
});
