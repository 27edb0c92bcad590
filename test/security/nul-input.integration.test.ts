import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { loggableFailure } from '../../src/api/failure-log.js';
import { signWebhook } from '../../src/api/routes/webhooks/delivery-checks.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { TEST_TODAY } from '../support/test-today.js';

type ErrorBody = { error: { code: string; details?: { fields?: Array<{ field: string }> } } };

/** Postgres cannot store U+0000; every way a caller can send one must end in a 400 naming where it was. */
describe('U+0000 in any input', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let tenantId: string;
  let providerId: string;
  const webhookSecret = 'nul-test-webhook-secret-0123456789';

  beforeAll(async () => {
    api = await startApiHarness();
    clever = await startCleverSimulator({ seed: 5, students: 50, today: TEST_TODAY });
    tenantId = await api.createTenant();
    providerId = (
      await api.expectJson<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, {
        body: {
          kind: 'clever',
          name: 'Clever',
          connection: { baseUrl: clever.baseUrl },
          credentials: { token: clever.token },
          webhook: { secret: webhookSecret },
        },
      })
    ).id;
  });
  afterAll(async () => {
    await clever?.close();
    await api?.close();
  });

  it('answers 400 naming the field for bodies, query and path parameters, and stores nothing', async () => {
    const nul = '\u0000';
    const cases: Array<{ method: string; path: string; body?: unknown; field: string }> = [
      { method: 'POST', path: '/tenants', body: { id: 'nul-tenant', name: `Dis${nul}trict` }, field: 'body.name' },
      {
        method: 'PUT',
        path: `/tenants/${tenantId}`,
        body: { settings: { usernameTemplates: ['{email}', `{sisId}${nul}`] } },
        field: 'body.settings.usernameTemplates.1',
      },
      { method: 'POST', path: `/tenants/${tenantId}/tokens`, body: { name: `to${nul}ken` }, field: 'body.name' },
      { method: 'PUT', path: `/tenants/${tenantId}/providers/${providerId}`, body: { name: `Cle${nul}ver` }, field: 'body.name' },
      {
        method: 'PUT',
        path: `/tenants/${tenantId}/seat-pools/math`,
        body: { name: 'Math', capacity: 5, eligibility: { roles: ['student'], schoolIds: [`s${nul}1`] } },
        field: 'body.eligibility.schoolIds.0',
      },
      { method: 'PUT', path: `/tenants/${tenantId}/seat-pools/math`, body: { name: 'Math', capacity: 5, [`odd${nul}key`]: 1 }, field: 'body.odd\\0key' },
      { method: 'GET', path: `/tenants/${tenantId}/audit?action=provider.create%00`, field: 'query.action' },
      { method: 'GET', path: `/tenants/${tenantId}/seats?user=%00`, field: 'query.user' },
      { method: 'GET', path: `/tenants/${tenantId}%00/providers`, field: 'path.tenant_id' },
      { method: 'GET', path: `/tenants/${tenantId}/seat-pools/ma%00th`, field: 'path.pool_id' },
    ];
    const before = await api.dumpDatabase();
    for (const testCase of cases) {
      const response = await api.call(testCase.method, testCase.path, testCase.body === undefined ? {} : { body: testCase.body });
      const answer = (await response.json()) as ErrorBody;
      expect(response.status, `${testCase.method} ${testCase.path}: ${JSON.stringify(answer)}`).toBe(400);
      expect(answer.error.code).toBe('validation_failed');
      expect(
        answer.error.details?.fields?.map((entry) => entry.field),
        testCase.path,
      ).toEqual([testCase.field]);
    }
    expect(await api.dumpDatabase()).toBe(before);
  });

  it('answers 400 to a correctly signed webhook whose body carries one', async () => {
    const body = JSON.stringify({ id: 'evt\u0000', type: 'users.updated', data: { object: { id: 'u1' } } });
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await api.call('POST', `/webhooks/clever/${tenantId}?providerId=${providerId}`, {
      token: null,
      body,
      headers: { 'x-timestamp': String(timestamp), 'x-signature': signWebhook(webhookSecret, timestamp, body) },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.details?.fields?.map((entry) => entry.field)).toEqual(['body.id']);
    const events = await api.database.db.execute(sql`select count(*)::int as n from webhook_events`);
    expect(JSON.stringify(events)).toContain('"n":0');
  });

  it('keeps query parameters out of what a database failure logs', async () => {
    const failure = await api.database.db.execute(sql`select ${'token-sisb_secret\u0000'}::text`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    const logged = JSON.stringify(loggableFailure(failure));
    expect(logged).not.toContain('token-sisb_secret');
    expect(logged).toContain('"name"');
  });
});
