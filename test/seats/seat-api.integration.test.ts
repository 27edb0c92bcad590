import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSeatChanges } from '../../src/db/queries/seat-assignments.js';
import { auditLog } from '../../src/db/schema/index.js';
import type { SeatChange } from '../../src/domain/seats/reconcile-pool.js';
import { startApiHarness, type ApiHarness } from '../api/support/api-harness.js';

const DAY_MS = 24 * 3600 * 1000;

describe('seat pool and seat routes (in-process app, real Postgres, bearer auth)', () => {
  let api: ApiHarness;
  let tenantId: string;
  let token: string;
  const providerId = randomUUID();

  beforeAll(async () => {
    api = await startApiHarness();
    tenantId = await api.createTenant();
    token = (await api.createTenantToken(tenantId)).token;
  });
  afterAll(() => api?.close());

  it('creates a pool with defaults (201), replaces it (200) and audits both', async () => {
    const created = await api.expectJson<Record<string, unknown>>(201, 'PUT', `/tenants/${tenantId}/seat-pools/math-plus`, {
      token,
      body: { name: 'Math Plus', capacity: 3 },
    });
    expect(created).toMatchObject({
      id: 'math-plus',
      tenantId,
      name: 'Math Plus',
      sku: null,
      capacity: 3,
      effectiveCapacity: null,
      eligibility: { roles: ['teacher', 'student'] },
      gracePeriodSeconds: 604800,
      scimGroup: true,
      scimGroupId: null,
    });
    expect(created).not.toHaveProperty('scimGroupName');

    const body = {
      name: 'Math Plus',
      sku: 'MATH-PLUS',
      capacity: 2,
      eligibility: { roles: ['student'], schoolIds: ['s1'], subjects: ['math'] },
      gracePeriodSeconds: 60,
      scimGroup: false,
    };
    const replaced = await api.expectJson<Record<string, unknown>>(200, 'PUT', `/tenants/${tenantId}/seat-pools/math-plus`, { body });
    expect(replaced).toMatchObject({ ...body, createdAt: created.createdAt });
    expect(await api.expectJson(200, 'GET', `/tenants/${tenantId}/seat-pools/math-plus`, { token })).toEqual(replaced);
    expect(await api.expectJson(200, 'GET', `/tenants/${tenantId}/seat-pools`, { token })).toEqual({ items: [replaced] });

    const audit = await api.database.db.select().from(auditLog).where(eq(auditLog.tenantId, tenantId));
    expect(audit.filter((entry) => entry.targetType === 'seat_pool').map((entry) => entry.action)).toEqual(['seat_pool.create', 'seat_pool.update']);
  });

  it('refuses bad pools naming each bad field, unknown pools with 404, and other tenants with 403', async () => {
    const bad = await api.expectJson<{ error: { details: { fields: Array<{ field: string }> } } }>(400, 'PUT', `/tenants/${tenantId}/seat-pools/bad`, {
      body: { name: '', capacity: -1, eligibility: { roles: ['staff'] }, colour: 'red' },
    });
    expect(bad.error.details.fields.map((field) => field.field)).toEqual(expect.arrayContaining(['body.name', 'body.capacity', 'body.eligibility.roles.0']));
    expect(await api.expectJson(400, 'PUT', `/tenants/${tenantId}/seat-pools/has%20space`, { body: { name: 'x', capacity: 1 } })).toMatchObject({
      error: { code: 'validation_failed' },
    });
    expect(await api.expectJson(404, 'GET', `/tenants/${tenantId}/seat-pools/nope`)).toMatchObject({ error: { code: 'seat_pool_not_found' } });
    expect(await api.expectJson(404, 'PUT', '/tenants/no-such-tenant/seat-pools/x', { body: { name: 'x', capacity: 1 } })).toMatchObject({
      error: { code: 'tenant_not_found' },
    });
    const other = await api.createTenant();
    await api.expectJson(403, 'GET', `/tenants/${other}/seat-pools`, { token });
    await api.expectJson(403, 'GET', `/tenants/${other}/seats`, { token });
  });

  it('lists assignments with pool, state and user filters, grace end, and utilisation per pool', async () => {
    await api.expectJson(201, 'PUT', `/tenants/${tenantId}/seat-pools/reading`, { body: { name: 'Reading', capacity: 10 } });
    const at = new Date('2026-11-01T12:00:00Z');
    const seat = (userId: string, to: SeatChange['to'], graceStartedAt: number | null = null): SeatChange => ({
      providerId,
      userId,
      rank: 1,
      eligibleSince: at.getTime() - DAY_MS,
      from: null,
      to,
      reason: to === 'waitlisted' ? 'capacity_full' : 'eligible',
      graceStartedAt,
    });
    await writeSeatChanges(
      api.database.db,
      { tenantId, poolId: 'math-plus', runId: null },
      [seat('u1', 'assigned'), seat('u2', 'releasing', at.getTime()), seat('u3', 'waitlisted')],
      at,
    );
    await writeSeatChanges(api.database.db, { tenantId, poolId: 'reading', runId: null }, [seat('u1', 'assigned')], at);

    const all = await api.expectJson<{ items: Array<Record<string, unknown>>; utilisation: unknown[] }>(200, 'GET', `/tenants/${tenantId}/seats`, { token });
    expect(all.items.map((item) => `${String(item.poolId)}/${String(item.userId)}/${String(item.state)}`)).toEqual([
      'math-plus/u1/assigned',
      'math-plus/u2/releasing',
      'math-plus/u3/waitlisted',
      'reading/u1/assigned',
    ]);
    expect(all.items[1]).toMatchObject({
      providerId,
      graceStartedAt: at.toISOString(),
      graceEndsAt: new Date(at.getTime() + 60_000).toISOString(),
      releasedAt: null,
    });
    expect(all.utilisation).toEqual([
      { poolId: 'math-plus', capacity: 2, held: 2, waitlisted: 1, utilisation: 1 },
      { poolId: 'reading', capacity: 10, held: 1, waitlisted: 0, utilisation: 0.1 },
    ]);

    const filtered = async (query: string) =>
      (await api.expectJson<{ items: Array<{ poolId: string; userId: string }> }>(200, 'GET', `/tenants/${tenantId}/seats?${query}`)).items.map(
        (item) => `${item.poolId}/${item.userId}`,
      );
    expect(await filtered('pool=math-plus&state=waitlisted')).toEqual(['math-plus/u3']);
    expect(await filtered('user=u1')).toEqual(['math-plus/u1', 'reading/u1']);
    expect(await filtered('limit=1&offset=3')).toEqual(['reading/u1']);
    await api.expectJson(400, 'GET', `/tenants/${tenantId}/seats?state=lost`);
  });
});
