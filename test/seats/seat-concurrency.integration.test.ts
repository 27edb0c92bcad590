import type { Client, Connection } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { putSeatPool } from '../../src/db/queries/seat-pools.js';
import { seatPools } from '../../src/db/schema/index.js';
import type { SeatEligibility } from '../../src/domain/seats/eligibility.js';
import { connectScimClient } from '../../src/scim/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { reconcileSeats, type SeatReconcileDeps } from '../../src/seats/reconcile-seats.js';
import { TenantServiceClient } from '../../src/tenant-service/tenant-service-client.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { runSync } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { byPriority, eligibleInDistrict, seatAudit, seatGroupMembers, seatStates, usersIn } from './seat-fixture.js';
import { startTenantServiceStub, type TenantServiceStub } from './tenant-service-stub.js';

const ELIGIBILITY: SeatEligibility = { roles: ['teacher', 'student'] };
const RECONCILERS = 6;

describe('seat reconciles racing on one pool, and capacity from the Tenant Service', () => {
  let database: TestDatabase;
  let store: DistrictStore;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let tenantService: TenantServiceStub;
  let worker: TestWorker;
  let temporal: { client: Client; connection: Connection };
  let ids: { tenantId: string; providerId: string };
  let run: { runId: string; tenantId: string; providerId: string };
  const handles: DatabaseHandle[] = [];
  const now = new Date('2026-11-01T12:00:00Z');

  const depsOn = (handle: Pick<DatabaseHandle, 'db'>, licensed = false): SeatReconcileDeps => ({
    db: handle.db,
    now: () => now,
    loadScimTarget: async () => ({ baseUrl: scim.baseUrl, token: scim.token, dialect: {} }),
    connectScim: (target) => connectScimClient(target),
    ...(licensed ? { tenantService: new TenantServiceClient({ baseUrl: tenantService.baseUrl, token: tenantService.token }) } : {}),
  });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createDistrictStore(generateDistrict({ seed: 9, students: 50, today: now }));
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    tenantService = await startTenantServiceStub();
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 8));
    worker = await startTestWorker({
      db: database.db,
      secrets,
      sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
      seats: { now: () => now },
    });
    temporal = await connectTestClient();
    ids = await createTenantWithProvider(database.db, secrets, sis.provider, { emailDomain: 'springfield.k12.example' });
    // The roster and SCIM users come from a real sync; the tenant has no pools yet.
    const synced = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(synced.status).toBe('completed');
    run = { runId: synced.runId, ...ids };
    // Separate connections on the real Postgres, so the reconciles really run at once.
    for (let index = 0; index < RECONCILERS; index += 1) {
      if (!database.url) break;
      handles.push(openDatabase({ kind: 'postgres', url: database.url, maxConnections: 2 }));
    }
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled(handles.map((handle) => handle.close()));
    await worker?.stop();
    await temporal?.connection.close();
    await Promise.allSettled([sis?.close(), scim?.close(), tenantService?.close()]);
    await database?.dispose();
  });

  it(`never exceeds capacity when ${RECONCILERS} reconciles of the same pool run at once`, { timeout: 120_000 }, async () => {
    await putSeatPool(database.db, {
      tenantId: ids.tenantId,
      id: 'race',
      name: 'Race',
      sku: null,
      capacity: 20,
      eligibility: ELIGIBILITY,
      gracePeriodSeconds: 3600,
      scimGroup: true,
    });
    const priority = byPriority(eligibleInDistrict(store, ELIGIBILITY, now), ids.providerId);
    expect(priority.length).toBeGreaterThan(40);

    const results = await Promise.all(Array.from({ length: RECONCILERS }, (_, index) => reconcileSeats(depsOn(handles[index] ?? database), run)));
    expect(results.reduce((total, result) => total + result.allocated, 0)).toBe(20);
    expect(results.every((result) => result.pools[0]?.held === 20)).toBe(true);

    const states = await seatStates(database.db, ids.tenantId, 'race');
    expect(usersIn(states, 'assigned')).toEqual(priority.slice(0, 20).sort());
    expect(usersIn(states, 'waitlisted')).toEqual(priority.slice(20).sort());
    // One audit entry per user: nobody was allocated or waitlisted twice.
    expect(await seatAudit(database.db, ids.tenantId)).toEqual(
      [...priority.slice(0, 20).map((id) => `seat.allocate:${id}`), ...priority.slice(20).map((id) => `seat.waitlist:${id}`)].sort(),
    );
    expect((await seatGroupMembers(scim, ids.tenantId, 'race'))?.members).toEqual(priority.slice(0, 20).sort());
  });

  it('makes no change, no audit entry and no SCIM request when the racing reconciles run again', { timeout: 120_000 }, async () => {
    const before = await seatAudit(database.db, ids.tenantId);
    scim.traffic.resetCounters();
    const results = await Promise.all(Array.from({ length: RECONCILERS }, (_, index) => reconcileSeats(depsOn(handles[index] ?? database), run)));
    expect(results.map(({ allocated, released, waitlisted, graceStarted }) => allocated + released + waitlisted + graceStarted)).toEqual(
      Array(RECONCILERS).fill(0),
    );
    expect(await seatAudit(database.db, ids.tenantId)).toEqual(before);
    expect(scim.traffic.stats.writes).toBe(0);
  });

  it('takes a SKU pool’s capacity from the Tenant Service and gives seats back when the licence shrinks', { timeout: 120_000 }, async () => {
    await putSeatPool(database.db, {
      tenantId: ids.tenantId,
      id: 'licensed',
      name: 'Science Lab',
      sku: 'SCI-LAB',
      capacity: 999,
      eligibility: { roles: ['student'] },
      gracePeriodSeconds: 3600,
      scimGroup: true,
    });
    const priority = byPriority(eligibleInDistrict(store, { roles: ['student'] }, now), ids.providerId);
    tenantService.licenses.set(ids.tenantId, { 'SCI-LAB': 5 });
    const first = await reconcileSeats(depsOn(database, true), run);
    expect(first.pools.find((pool) => pool.poolId === 'licensed')).toEqual({
      poolId: 'licensed',
      capacity: 5,
      held: 5,
      waitlisted: priority.length - 5,
      utilisation: 1,
    });
    const [row] = await database.db
      .select()
      .from(seatPools)
      .where(and(eq(seatPools.tenantId, ids.tenantId), eq(seatPools.id, 'licensed')));
    expect(row?.effectiveCapacity).toBe(5);

    tenantService.licenses.set(ids.tenantId, { 'SCI-LAB': 3 });
    await reconcileSeats(depsOn(database, true), run);
    const states = await seatStates(database.db, ids.tenantId, 'licensed');
    expect(usersIn(states, 'assigned')).toEqual(priority.slice(0, 3).sort());
    expect((await seatGroupMembers(scim, ids.tenantId, 'licensed'))?.members).toEqual(priority.slice(0, 3).sort());
    // A pool without a SKU keeps its own capacity even with the Tenant Service in charge.
    expect(usersIn(await seatStates(database.db, ids.tenantId, 'race'), 'assigned')).toHaveLength(20);
  });
});
