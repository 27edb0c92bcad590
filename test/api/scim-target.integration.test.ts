import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScimmyServer, type ScimmyServer } from '../../sim/scim/scimmy-server.js';
import { freePort } from '../../src/temporal/dev-server.js';
import { startApiHarness, type ApiHarness } from './support/api-harness.js';

describe('tenants and the SCIM target (real SCIMMY server, OpenBao)', () => {
  let api: ApiHarness;
  let scim: ScimmyServer;
  let tenantId: string;
  let token: string;

  beforeAll(async () => {
    api = await startApiHarness({ scimDefaultBaseUrl: 'https://scim.example.test/{tenantId}/v2' });
    scim = await startScimmyServer();
    tenantId = await api.createTenant();
    ({ token } = await api.createTenantToken(tenantId));
  });
  afterAll(async () => {
    await scim?.close();
    await api?.close();
  });

  const path = () => `/tenants/${tenantId}/scim-target`;

  it('creates tenants once (409 on a taken id) and lists them for the admin only', async () => {
    const error = await api.expectJson<{ error: { code: string } }>(409, 'POST', '/tenants', { body: { id: tenantId, name: 'again' } });
    expect(error.error.code).toBe('tenant_exists');
    const list = await api.expectJson<{ items: Array<{ id: string }> }>(200, 'GET', '/tenants');
    expect(list.items.map((tenant) => tenant.id)).toContain(tenantId);
    await api.expectJson(403, 'GET', '/tenants', { token });
    expect(await api.expectJson(200, 'GET', `/tenants/${tenantId}`, { token })).toMatchObject({ id: tenantId, settings: {} });
    const settings = { usernameTemplates: ['{email}', '{sisId}@{domain}'], emailDomain: 'schools.example.org', deletionThreshold: { percent: 5 } };
    expect(await api.expectJson(200, 'PUT', `/tenants/${tenantId}`, { token, body: { settings } })).toMatchObject({ id: tenantId, settings });
    const bad = await api.expectJson<{ error: { details: { fields: Array<{ field: string }> } } }>(400, 'PUT', `/tenants/${tenantId}`, {
      token,
      body: { settings: { deletionThreshold: { percent: 150 } } },
    });
    expect(bad.error.details.fields.map((field) => field.field)).toEqual(['body.settings.deletionThreshold.percent']);
  });

  it('shows the configured default with the tenant id filled in until the tenant has its own', async () => {
    expect(await api.expectJson(200, 'GET', path(), { token })).toEqual({
      source: 'default',
      baseUrl: `https://scim.example.test/${tenantId}/v2`,
      dialect: {},
      updatedAt: null,
    });
  });

  it('rejects an unauthorised token and an unreachable target with 422, storing nothing', async () => {
    const refused = await api.expectJson<{ error: { code: string } }>(422, 'PUT', path(), { token, body: { baseUrl: scim.baseUrl, token: 'wrong-token' } });
    expect(refused.error.code).toBe('scim_target_unauthorized');
    const deadUrl = `http://127.0.0.1:${await freePort()}/scim/v2`;
    const unreachable = await api.expectJson<{ error: { code: string } }>(422, 'PUT', path(), { token, body: { baseUrl: deadUrl, token: scim.token } });
    expect(unreachable.error.code).toBe('scim_target_unreachable');
    const missingToken = await api.expectJson<{ error: { code: string; details: { field: string } } }>(409, 'PUT', path(), {
      token,
      body: { baseUrl: scim.baseUrl },
    });
    expect(missingToken.error).toMatchObject({ code: 'token_required', details: { field: 'body.token' } });
    expect(await api.readVault(`tenants/${tenantId}/scim-target`)).toEqual({ status: 404 });
    expect((await api.expectJson<{ source: string }>(200, 'GET', path(), { token })).source).toBe('default');
  });

  it('stores a target that answers /ServiceProviderConfig with the token; the token is write-only', async () => {
    const stored = await api.expectJson<Record<string, unknown>>(200, 'PUT', path(), {
      token,
      body: { baseUrl: scim.baseUrl, token: scim.token, dialect: { maxGroupMembers: 1000 } },
    });
    expect(stored).toMatchObject({ source: 'tenant', baseUrl: scim.baseUrl, dialect: { maxGroupMembers: 1000 }, tokenConfigured: true });
    expect(await api.readVault(`tenants/${tenantId}/scim-target`)).toEqual({ status: 200, data: { token: scim.token } });
    const shown = await api.call('GET', path(), { token });
    expect(await shown.text()).not.toContain(scim.token);
    expect(await api.dumpDatabase()).not.toContain(scim.token);

    // Later changes may keep the stored token.
    const renamed = await api.expectJson<{ dialect: Record<string, unknown> }>(200, 'PUT', path(), { token, body: { baseUrl: scim.baseUrl } });
    expect(renamed.dialect).toEqual({});
    const audit = await api.expectJson<{ items: Array<{ outcome: string; details: Record<string, unknown> }> }>(
      200,
      'GET',
      `/tenants/${tenantId}/audit?action=scim_target.update`,
      { token },
    );
    expect(audit.items.map((entry) => [entry.outcome, entry.details.tokenRotated ?? entry.details.code])).toEqual([
      ['success', false],
      ['success', true],
      ['failure', 'scim_target_unreachable'],
      ['failure', 'scim_target_unauthorized'],
    ]);
  });
});

describe('a tenant without a SCIM target and without a default', () => {
  it('shows the setting as none rather than a missing resource', async () => {
    const api = await startApiHarness();
    try {
      const tenantId = await api.createTenant();
      expect(await api.expectJson(200, 'GET', `/tenants/${tenantId}/scim-target`)).toEqual({ source: 'none', baseUrl: null, dialect: {}, updatedAt: null });
    } finally {
      await api.close();
    }
  });
});
