import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiHarness, type ApiHarness } from './support/api-harness.js';

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[] }>>;
}

const PUBLIC_PATHS = new Set(['/healthz', '/readyz']);
/** Public by design: health, and webhooks (authenticated by their HMAC signature instead; see test/webhooks). */
const isPublic = (template: string) => PUBLIC_PATHS.has(template) || template.startsWith('/webhooks/');
/** Admin-only although under a tenant's path (token management). */
const ADMIN_ONLY_TENANT_PATHS = [/^\/tenants\/\{tenant_id\}\/tokens/];

/** Every operation in the OpenAPI document, with path parameters filled in for `tenantId`. */
function operationsOf(document: OpenApiDocument, tenantId: string) {
  return Object.entries(document.paths).flatMap(([template, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase(),
      template,
      path: template.replaceAll('{tenant_id}', tenantId).replaceAll(/\{[a-z_]+\}/g, randomUUID()),
      /** A JSON body where the method can carry one (its content does not matter before auth). */
      body: ['GET', 'HEAD', 'DELETE'].includes(method.toUpperCase()) ? undefined : {},
    })),
  );
}

describe('authentication and tenant scoping, over every route of the app', () => {
  let api: ApiHarness;
  let document: OpenApiDocument;
  let tenantA: string;
  let tenantB: string;
  let tokenA: { id: string; token: string };
  let tokenB: { id: string; token: string };

  beforeAll(async () => {
    api = await startApiHarness();
    document = await api.expectJson<OpenApiDocument>(200, 'GET', '/openapi.json', { token: null });
    tenantA = await api.createTenant();
    tenantB = await api.createTenant();
    tokenA = await api.createTenantToken(tenantA);
    tokenB = await api.createTenantToken(tenantB);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('the OpenAPI document lists every route the app serves (so the sweeps below see them all)', () => {
    const served = api.app.routes
      .filter((route) => route.method !== 'ALL' && !/^\/(openapi\.json|docs)(\/|$)/.test(route.path))
      .map((route) => `${route.method} ${route.path.replaceAll(/:([a-z_]+)/g, '{$1}')}`);
    const documented = operationsOf(document, '{tenant_id}').map((operation) => `${operation.method} ${operation.template}`);
    expect(new Set(served)).toEqual(new Set(documented));
    expect(documented.length).toBeGreaterThan(20);
  });

  it('answers 401 without a token, and with an unknown token, on every route but health', async () => {
    for (const operation of operationsOf(document, tenantA)) {
      if (isPublic(operation.template)) continue;
      for (const token of [null, 'not-a-token', `${tokenA.token}x`]) {
        const response = await api.call(operation.method, operation.path, { token, body: operation.body });
        expect(response.status, `${operation.method} ${operation.template} with ${token ?? 'no token'}`).toBe(401);
        expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
      }
    }
  });

  it("answers 403 to another tenant's token on every tenant route, and to tenant tokens on admin routes", async () => {
    let tenantRoutes = 0;
    for (const operation of operationsOf(document, tenantA)) {
      if (isPublic(operation.template)) continue;
      if (operation.template.includes('{tenant_id}')) tenantRoutes += 1;
      const response = await api.call(operation.method, operation.path, { token: tokenB.token, body: operation.body });
      expect(response.status, `${operation.method} ${operation.template} with tenant B's token`).toBe(403);
      expect(await response.json()).toMatchObject({ error: { code: 'forbidden' } });
    }
    expect(tenantRoutes).toBeGreaterThan(15);
  });

  it("lets a tenant token through on its own tenant's routes, except token management", async () => {
    for (const operation of operationsOf(document, tenantA)) {
      // Webhooks take no bearer token; their signature checks are in test/webhooks and test/security.
      if (!operation.template.includes('{tenant_id}') || isPublic(operation.template)) continue;
      const response = await api.call(operation.method, operation.path, { token: tokenA.token, body: operation.body });
      const adminOnly = ADMIN_ONLY_TENANT_PATHS.some((pattern) => pattern.test(operation.template));
      if (adminOnly) expect(response.status, `${operation.method} ${operation.template}`).toBe(403);
      else expect([401, 403], `${operation.method} ${operation.template} → ${response.status}`).not.toContain(response.status);
      expect(response.status, `${operation.method} ${operation.template}`).toBeLessThan(500);
    }
  });

  it('shows a token once, keeps only its hash, and refuses it after revocation', async () => {
    const created = await api.createTenantToken(tenantA);
    expect(created.token).toMatch(/^sisb_[A-Za-z0-9_-]{43}$/);
    expect(await api.dumpDatabase()).not.toContain(created.token);
    const listed = await api.expectJson<{ items: Array<Record<string, unknown>> }>(200, 'GET', `/tenants/${tenantA}/tokens`);
    expect(listed.items.find((item) => item.id === created.id)).not.toHaveProperty('token');
    expect(JSON.stringify(listed)).not.toContain(created.token);

    await api.expectJson(200, 'GET', `/tenants/${tenantA}/providers`, { token: created.token });
    const revoked = await api.expectJson<{ revokedAt: string | null }>(200, 'DELETE', `/tenants/${tenantA}/tokens/${created.id}`);
    expect(revoked.revokedAt).not.toBeNull();
    await api.expectJson(401, 'GET', `/tenants/${tenantA}/providers`, { token: created.token });
    // Revoking through another tenant's path does not find it.
    await api.expectJson(404, 'DELETE', `/tenants/${tenantB}/tokens/${tokenA.id}`);

    const audit = await api.expectJson<{ items: Array<{ action: string; actor: string; targetId: string }> }>(
      200,
      'GET',
      `/tenants/${tenantA}/audit?action=api_token.revoke`,
    );
    expect(audit.items).toEqual([expect.objectContaining({ action: 'api_token.revoke', actor: 'admin', targetId: created.id })]);
  });

  it('keeps health, the OpenAPI document and the reference page open', async () => {
    expect((await api.call('GET', '/healthz', { token: null })).status).toBe(200);
    const docs = await api.call('GET', '/docs', { token: null });
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-type')).toContain('text/html');
  });
});
