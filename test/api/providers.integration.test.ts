import { ScheduleNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCleverSimulator, type CleverSimulator } from '../../sim/clever/server.js';
import { SIS_PROVIDER, TENANT_ID } from '../../src/temporal/search-attributes.js';
import { DEFAULT_INTERVAL_SECONDS, startApiHarness, type ApiHarness } from './support/api-harness.js';
import { TEST_TODAY } from '../support/test-today.js';

interface ProviderBody {
  id: string;
  enabled: boolean;
  webhook: { ipAllowlist: string[]; trustProxy: boolean; secretConfigured: boolean };
  schedule: { scheduleId: string; intervalSeconds: number; paused: boolean; nextRunTimes: string[] } | null;
}

describe('provider lifecycle through HTTP only (Clever simulator, OpenBao, Temporal schedules)', () => {
  let api: ApiHarness;
  let clever: CleverSimulator;
  let tenantId: string;
  let tenantToken: { id: string; token: string };
  const responses: string[] = [];

  /** Every response body of the suite is kept, to prove no credential ever comes back. */
  async function call<T = ProviderBody>(status: number, method: string, path: string, body?: unknown): Promise<T> {
    const response = await api.call(method, path, { token: tenantToken.token, ...(body === undefined ? {} : { body }) });
    const text = await response.text();
    responses.push(text);
    expect(response.status, `${method} ${path} → ${text}`).toBe(status);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  beforeAll(async () => {
    api = await startApiHarness();
    clever = await startCleverSimulator({ seed: 7, students: 50, today: TEST_TODAY, token: `clever-district-${Date.now()}-secret` });
    tenantId = await api.createTenant();
    tenantToken = await api.createTenantToken(tenantId);
  });
  afterAll(async () => {
    await clever?.close();
    await api?.close();
  });

  const providersPath = () => `/tenants/${tenantId}/providers`;
  const cleverBody = (token: string) => ({ kind: 'clever', name: 'Clever', connection: { baseUrl: clever.baseUrl }, credentials: { token } });

  it('rejects credentials the SIS refuses with 422, leaving nothing behind', async () => {
    const before = await api.dumpDatabase();
    const error = await call<{ error: { code: string; message: string } }>(422, 'POST', providersPath(), cleverBody('not-the-district-token'));
    expect(error.error.code).toBe('sis_credentials_rejected');
    expect(error.error.message).toContain('clever');
    const items = await call<{ items: unknown[] }>(200, 'GET', providersPath());
    expect(items.items).toEqual([]);
    const audit = await call<{ items: Array<{ action: string; outcome: string; actor: string }> }>(
      200,
      'GET',
      `/tenants/${tenantId}/audit?action=provider.create`,
    );
    expect(audit.items[0]).toMatchObject({ action: 'provider.create', outcome: 'failure', actor: tenantToken.id });
    expect(before).not.toContain('not-the-district-token');
  });

  it('creates, updates, disables and deletes a provider; Temporal holds the schedule and OpenBao the credentials', async () => {
    const created = await call(201, 'POST', providersPath(), {
      ...cleverBody(clever.token),
      webhook: { secret: 'webhook-hmac-secret-0123456789', ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'] },
    });
    const secretPath = `tenants/${tenantId}/providers/${created.id}`;
    expect(created.enabled).toBe(true);
    expect(created.webhook).toEqual({ ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'], trustProxy: false, secretConfigured: true });
    expect(created.schedule).toMatchObject({ scheduleId: `sync-schedule/${tenantId}/${created.id}`, intervalSeconds: DEFAULT_INTERVAL_SECONDS, paused: false });
    expect(created.schedule?.nextRunTimes.length).toBeGreaterThan(0);

    // The credentials are in OpenBao (read over its own HTTP API), and nowhere in Postgres.
    expect(await api.readVault(secretPath)).toEqual({ status: 200, data: { token: clever.token } });
    expect(await api.readVault(`${secretPath}/webhook`)).toEqual({ status: 200, data: { secret: 'webhook-hmac-secret-0123456789' } });
    const dump = await api.dumpDatabase();
    expect(dump).toContain(created.id);
    expect(dump).not.toContain(clever.token);
    expect(dump).not.toContain('webhook-hmac-secret-0123456789');

    // The schedule as Temporal holds it.
    const handle = api.client.schedule.getHandle(`sync-schedule/${tenantId}/${created.id}`);
    const described = await handle.describe();
    expect(described.spec.intervals?.[0]?.every).toBe(DEFAULT_INTERVAL_SECONDS * 1000);
    expect(described.policies.overlap).toBe('SKIP');
    expect(described.policies.catchupWindow).toBe(DEFAULT_INTERVAL_SECONDS * 1000);
    expect(described.state.paused).toBe(false);
    // The schedule starts the thin scheduledSync parent, which runs tenantSync under the fixed sync id.
    expect(described.action).toMatchObject({ workflowType: 'scheduledSync', workflowId: `scheduled-sync/${tenantId}/${created.id}`, taskQueue: api.taskQueue });
    expect(described.action.args).toEqual([{ tenantId, providerId: created.id, mode: 'incremental', trigger: 'schedule' }]);
    expect(described.typedSearchAttributes.get(TENANT_ID)).toBe(tenantId);
    expect(described.typedSearchAttributes.get(SIS_PROVIDER)).toBe('clever');
    expect(described.memo).toMatchObject({ tenantId, providerId: created.id });

    const path = `${providersPath()}/${created.id}`;
    expect((await call(200, 'GET', path)).schedule?.intervalSeconds).toBe(DEFAULT_INTERVAL_SECONDS);

    // Interval change → the Temporal schedule changes; the API reads it back from Temporal.
    const slower = await call(200, 'PUT', path, { scheduleIntervalSeconds: 7200 });
    expect(slower.schedule?.intervalSeconds).toBe(7200);
    expect((await handle.describe()).spec.intervals?.[0]?.every).toBe(7_200_000);

    // Temporal owns the interval: changed there (e.g. by an operator), an unrelated update keeps it.
    await handle.update((previous) => ({ ...previous, spec: { intervals: [{ every: 5_400_000 }] } }));
    expect((await call(200, 'PUT', path, { name: 'Clever (district)' })).schedule?.intervalSeconds).toBe(5400);

    // Disable → paused; enable → running again.
    expect((await call(200, 'PUT', path, { enabled: false })).schedule).toMatchObject({ paused: true, intervalSeconds: 5400 });
    expect((await handle.describe()).state.paused).toBe(true);
    expect((await call(200, 'PUT', path, { enabled: true })).schedule?.paused).toBe(false);

    // Rotation is validated against the SIS first: a bad token changes nothing.
    const rejected = await call<{ error: { code: string } }>(422, 'PUT', path, { credentials: { token: 'rotated-but-wrong' } });
    expect(rejected.error.code).toBe('sis_credentials_rejected');
    expect((await api.readVault(secretPath)).data).toEqual({ token: clever.token });
    await call(200, 'PUT', path, { credentials: { token: clever.token }, webhook: { secret: null, trustProxy: true } });
    expect(await api.readVault(`${secretPath}/webhook`)).toEqual({ status: 404 });
    expect((await call(200, 'GET', path)).webhook).toEqual({ ipAllowlist: ['203.0.113.0/24', '2001:db8::/32'], trustProxy: true, secretConfigured: false });

    // Credentials of the other kind are named as the bad field.
    const wrongKind = await call<{ error: { code: string; details: { fields: Array<{ field: string }> } } }>(400, 'PUT', path, {
      credentials: { consumerKey: 'k', consumerSecret: 's' },
    });
    expect(wrongKind.error.details.fields[0]?.field).toBe('body.credentials');

    // Delete → schedule and secrets gone.
    await call(204, 'DELETE', path);
    await expect(handle.describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);
    expect(await api.readVault(secretPath)).toEqual({ status: 404 });
    await call(404, 'GET', path);

    const audit = await call<{ items: Array<{ action: string; outcome: string; actor: string; targetId: string }> }>(
      200,
      'GET',
      `/tenants/${tenantId}/audit?limit=200`,
    );
    const actions = audit.items.filter((entry) => entry.targetId === created.id && entry.outcome === 'success').map((entry) => entry.action);
    expect(actions).toEqual(['provider.delete', ...Array<string>(5).fill('provider.update'), 'provider.create']);
    expect(audit.items.every((entry) => entry.actor === tenantToken.id || entry.actor === 'admin')).toBe(true);

    for (const text of responses) {
      expect(text).not.toContain(clever.token);
      expect(text).not.toContain('webhook-hmac-secret-0123456789');
    }
  });

  it('refuses a second provider with the same name (409) and bad CIDRs (400 naming the entry)', async () => {
    const first = await call(201, 'POST', providersPath(), { ...cleverBody(clever.token), name: 'Unique', enabled: false });
    expect(first.schedule?.paused).toBe(true);
    const duplicate = await call<{ error: { code: string } }>(409, 'POST', providersPath(), { ...cleverBody(clever.token), name: 'Unique' });
    expect(duplicate.error.code).toBe('provider_name_taken');
    const badCidr = await call<{ error: { details: { fields: Array<{ field: string }> } } }>(400, 'POST', providersPath(), {
      ...cleverBody(clever.token),
      name: 'Other',
      webhook: { ipAllowlist: ['10.0.0.0/8', '300.1.1.1/33'] },
    });
    expect(badCidr.error.details.fields.map((field) => field.field)).toEqual(['body.webhook.ipAllowlist.1']);
    await call(204, 'DELETE', `${providersPath()}/${first.id}`);
  });
});
