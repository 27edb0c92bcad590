import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQuirkyScimServer, type QuirkyScimServer } from '../../sim/scim/quirky-server.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';

/** PUT /scim-target accepts a target without discovery endpoints and says which dialect it settled on. */
describe('PUT /tenants/{id}/scim-target on a target without discovery', () => {
  let api: ApiHarness;
  let quirky: QuirkyScimServer;
  let tenantId: string;

  beforeAll(async () => {
    api = await startApiHarness({});
    quirky = await startQuirkyScimServer();
    tenantId = await api.createTenant();
  });
  afterAll(async () => {
    await quirky?.close();
    await api?.close();
  });

  it('stores it with the conservative dialect, the overrides on top, and reports both', async () => {
    const stored = await api.expectJson<Record<string, unknown>>(200, 'PUT', `/tenants/${tenantId}/scim-target`, {
      body: { baseUrl: quirky.baseUrl, token: quirky.token, dialect: { pageSize: 50, memberRemoval: 'valueArray' } },
    });
    expect(stored).toMatchObject({
      source: 'tenant',
      dialect: { pageSize: 50, memberRemoval: 'valueArray' },
      settled: { discovery: 'assumed', dialect: { useBulk: false, filterLookups: true, deactivation: 'patch', pageSize: 50, memberRemoval: 'valueArray' } },
    });
  });

  it('refuses a base URL with no SCIM service behind it, naming the failed request', async () => {
    const refused = await api.expectJson<{ error: { code: string; message: string } }>(422, 'PUT', `/tenants/${tenantId}/scim-target`, {
      body: { baseUrl: `${quirky.baseUrl}/nothing-here`, token: quirky.token },
    });
    expect(refused.error.code).toBe('scim_target_not_scim');
    expect(refused.error.message).toContain('answered HTTP 404 to GET /Users; expected a SCIM answer');
  });
});
