import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { MAX_BODY_BYTES } from '../../src/api/app.js';
import { signWebhook } from '../../src/api/routes/webhooks/delivery-checks.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { TEST_TODAY } from '../support/test-today.js';

interface AuditRow {
  tenantId: string | null;
  targetId: string | null;
  details: { reason: string; count: number; status: number } | null;
}

describe('unauthenticated webhook callers', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let tenantId: string;
  let withSecret: string;
  let withoutSecret: string;
  const secret = 'webhook-secret-for-enumeration-0123';
  const event = JSON.stringify({ id: 'evt-1', type: 'users.updated', data: { object: { id: 'u1' } } });

  beforeAll(async () => {
    api = await startApiHarness();
    clever = await startCleverSimulator({ seed: 6, students: 50, today: TEST_TODAY });
    tenantId = await api.createTenant();
    const create = async (name: string, webhook?: { secret: string }) =>
      (
        await api.expectJson<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, {
          body: { kind: 'clever', name, connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token }, ...(webhook ? { webhook } : {}) },
        })
      ).id;
    withSecret = await create('Signed', { secret });
    withoutSecret = await create('Unsigned');
  });
  afterAll(async () => {
    await clever?.close();
    await api?.close();
  });

  const deliver = async (path: string, options: { secret?: string; body?: string } = {}) => {
    const body = options.body ?? event;
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await api.call('POST', path, {
      token: null,
      body,
      headers: { 'x-timestamp': String(timestamp), 'x-signature': signWebhook(options.secret ?? 'a-guess-at-the-secret-000000', timestamp, body) },
    });
    return { status: response.status, body: await response.text() };
  };

  it('cannot tell an unknown tenant or provider from a bad signature', async () => {
    const answers = [
      await deliver(`/webhooks/clever/no-such-tenant`),
      await deliver(`/webhooks/clever/${tenantId}?providerId=00000000-0000-4000-8000-000000000000`),
      await deliver(`/webhooks/clever/${tenantId}?providerId=not-a-uuid`),
      await deliver(`/webhooks/clever/${tenantId}?providerId=${withoutSecret}`),
      await deliver(`/webhooks/clever/${tenantId}?providerId=${withSecret}`),
      await deliver(`/webhooks/classlink/${tenantId}`),
      // Two enabled Clever providers and none named: each one's secret is tried.
      await deliver(`/webhooks/clever/${tenantId}`),
    ];
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]?.status).toBe(401);
    // The right secret finds its provider without naming it.
    expect((await deliver(`/webhooks/clever/${tenantId}`, { secret })).status).toBe(202);
  });

  it('audits rejections as one counted entry per provider and reason, 413 included, without a row per request', async () => {
    await api.flushRejections();
    const before = await rejectionRows();
    for (let index = 0; index < 12; index += 1) await deliver(`/webhooks/clever/${tenantId}?providerId=${withSecret}`);
    for (let index = 0; index < 3; index += 1) await deliver(`/webhooks/clever/unknown-${index}`);
    const oversized = await deliver(`/webhooks/clever/${tenantId}`, { body: JSON.stringify({ id: 'x', pad: 'x'.repeat(MAX_BODY_BYTES) }) });
    expect(oversized.status).toBe(413);
    await api.flushRejections();

    const added = (await rejectionRows()).slice(before.length);
    const summary = added.map((row) => [row.tenantId, row.targetId, row.details?.reason, row.details?.count]);
    expect(summary).toEqual(
      expect.arrayContaining([
        [tenantId, withSecret, 'bad_signature', 12],
        [null, null, 'unknown_tenant', 3],
        [tenantId, null, 'payload_too_large', 1],
      ]),
    );
    expect(added).toHaveLength(3);
  });

  async function rejectionRows(): Promise<AuditRow[]> {
    return (await api.database.db.query.auditLog.findMany({
      where: (audit, { eq }) => eq(audit.action, 'webhook.rejected'),
      orderBy: (audit, { asc }) => asc(audit.id),
    })) as AuditRow[];
  }
});

describe('failed authentication is rate-limited per client address', () => {
  let api: ApiHarness;
  let tenantId: string;

  beforeAll(async () => {
    api = await startApiHarness({ authFailureLimit: 5 });
    tenantId = await api.createTenant();
  });
  afterAll(async () => {
    await api?.close();
  });

  it('answers 429 with Retry-After once an address used up its failures, even to a valid token', async () => {
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await api.call('GET', '/tenants', { token: `guess-${attempt}` })).status).toBe(401);
    for (const token of ['guess-6', api.adminToken]) {
      const response = await api.call('GET', '/tenants', { token });
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await response.json()).toMatchObject({ error: { code: 'too_many_failed_attempts' } });
    }
  });

  it('limits webhook signature failures on their own counter', async () => {
    const body = '{}';
    const headers = { 'x-timestamp': String(Math.floor(Date.now() / 1000)), 'x-signature': 'sha256=00' };
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await api.call('POST', `/webhooks/clever/${tenantId}`, { token: null, body, headers })).status).toBe(401);
    }
    const limited = await api.call('POST', `/webhooks/clever/${tenantId}`, { token: null, body, headers });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
