import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';

interface EndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  lastDeliveryResult: string | null;
}

describe('notification endpoints API (Postgres or PGlite, OpenBao)', () => {
  let api: ApiHarness;
  let tenantId: string;
  const secret = 'receiver-secret-0123456789abcdef';

  beforeAll(async () => {
    api = await startApiHarness({ allowPrivateOutbound: false });
    tenantId = await api.createTenant();
  });
  afterAll(async () => api?.close());

  it('registers a URL with a write-only secret kept in the secrets store', async () => {
    const created = await api.expectJson<EndpointView>(201, 'POST', `/tenants/${tenantId}/notifications`, {
      body: { url: 'https://hooks.example.org/sis-bridge', secret, events: ['run.failed', 'deletions.held'] },
    });
    expect(created).toMatchObject({
      url: 'https://hooks.example.org/sis-bridge',
      events: ['run.failed', 'deletions.held'],
      enabled: true,
      lastDeliveryResult: null,
    });
    expect(JSON.stringify(created)).not.toContain(secret);
    expect(await api.readVault(`tenants/${tenantId}/notifications/${created.id}`)).toEqual({ status: 200, data: { secret } });
    expect(await api.dumpDatabase()).not.toContain(secret);

    const listed = await api.expectJson<{ items: EndpointView[] }>(200, 'GET', `/tenants/${tenantId}/notifications`);
    expect(listed.items.map((item) => item.id)).toEqual([created.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
  });

  it('names each bad field, and stores nothing for a rejected request', async () => {
    const before = await api.dumpDatabase();
    const bad = await api.expectJson<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>(
      400,
      'POST',
      `/tenants/${tenantId}/notifications`,
      {
        body: { url: 'https://hooks.example.org/', secret: 'short', events: ['run.exploded'] },
      },
    );
    expect(bad.error.details.fields.map((field) => field.field).sort()).toEqual(['body.events.0', 'body.secret']);
    const credentials = await api.expectJson<{ error: { details: { fields: Array<{ field: string; message: string }> } } }>(
      400,
      'POST',
      `/tenants/${tenantId}/notifications`,
      {
        body: { url: 'https://user:pw@hooks.example.org/', secret },
      },
    );
    expect(credentials.error.details.fields).toEqual([{ field: 'body.url', message: 'must not contain credentials' }]);
    expect(await api.dumpDatabase()).toBe(before);
  });

  it('keeps tenant tokens off loopback and private addresses; the admin may use them', async () => {
    const { token } = await api.createTenantToken(tenantId);
    const refused = await api.expectJson<{ error: { details: { fields: Array<{ field: string }> } } }>(400, 'POST', `/tenants/${tenantId}/notifications`, {
      token,
      body: { url: 'http://127.0.0.1:9/hook', secret },
    });
    expect(refused.error.details.fields[0]?.field).toBe('body.url');
    await api.expectJson(201, 'POST', `/tenants/${tenantId}/notifications`, { token, body: { url: 'https://hooks.example.org/tenant', secret } });
    await api.expectJson(201, 'POST', `/tenants/${tenantId}/notifications`, { body: { url: 'http://127.0.0.1:9/hook', secret } });
    const other = await api.createTenant();
    await api.expectJson(403, 'GET', `/tenants/${other}/notifications`, { token });
  });

  it('needs the secret again when the URL moves to another origin', async () => {
    const created = await api.expectJson<EndpointView>(201, 'POST', `/tenants/${tenantId}/notifications`, {
      body: { url: 'https://hooks.example.org/a', secret },
    });
    const path = `/tenants/${tenantId}/notifications/${created.id}`;
    expect(await api.expectJson<EndpointView>(200, 'PUT', path, { body: { url: 'https://hooks.example.org/b', enabled: false } })).toMatchObject({
      url: 'https://hooks.example.org/b',
      enabled: false,
    });
    const moved = await api.expectJson<{ error: { details: { fields: Array<{ field: string }> } } }>(409, 'PUT', path, {
      body: { url: 'https://elsewhere.example.net/b' },
    });
    expect(moved.error.details.fields[0]?.field).toBe('body.secret');
    const rotated = 'rotated-secret-0123456789abcdef';
    await api.expectJson(200, 'PUT', path, { body: { url: 'https://elsewhere.example.net/b', secret: rotated } });
    expect((await api.readVault(`tenants/${tenantId}/notifications/${created.id}`)).data).toEqual({ secret: rotated });
  });

  it('deletes the row and its secret', async () => {
    const created = await api.expectJson<EndpointView>(201, 'POST', `/tenants/${tenantId}/notifications`, {
      body: { url: 'https://hooks.example.org/gone', secret },
    });
    const path = `/tenants/${tenantId}/notifications/${created.id}`;
    expect((await api.call('DELETE', path)).status).toBe(204);
    await api.expectJson(404, 'GET', path);
    expect((await api.readVault(`tenants/${tenantId}/notifications/${created.id}`)).status).toBe(404);
    await api.expectJson(404, 'DELETE', path);
  });
});
