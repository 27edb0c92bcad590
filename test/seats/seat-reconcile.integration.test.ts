import type { Client, Connection } from '@temporalio/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { putSeatPool } from '../../src/db/queries/seat-pools.js';
import { tenants } from '../../src/db/schema/index.js';
import type { SeatEligibility } from '../../src/domain/seats/eligibility.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { runSync } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { byPriority, eligibleInDistrict, seatAudit, seatGroupMembers, seatStates, unenrollEverywhere, usersIn } from './seat-fixture.js';

const DAY_MS = 24 * 3600 * 1000;
const POOL = 'math-plus';
const ELIGIBILITY: SeatEligibility = { roles: ['teacher', 'student'] };

describe('seat pools over a real sync (Clever simulator → SCIMMY)', () => {
  let database: TestDatabase;
  let store: DistrictStore;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  let worker: TestWorker;
  let temporal: { client: Client; connection: Connection };
  let ids: { tenantId: string; providerId: string };
  let priority: string[];
  // The worker's seat clock: grace periods elapse by moving it, never by sleeping.
  let clock = new Date('2026-11-01T12:00:00Z');
  const sync = () => runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createDistrictStore(generateDistrict({ seed: 5, students: 200, today: clock }));
    // Two sections move to last school year: their members count only through other sections.
    const [pastTerm] = store.list('terms').filter((term) => term.endDate < '2026-11-01');
    for (const section of store.list('sections').slice(0, 2)) store.mutate({ op: 'update', kind: 'sections', id: section.id, patch: { termId: pastTerm!.id } });
    // Exactly 150 eligible: drop students (highest ids first) from every section until so.
    const surplus = [...eligibleInDistrict(store, ELIGIBILITY, clock)]
      .filter(([, rank]) => rank === 1)
      .map(([userId]) => userId)
      .sort()
      .reverse();
    unenrollEverywhere(store, surplus.slice(0, eligibleInDistrict(store, ELIGIBILITY, clock).size - 150));
    priority = byPriority(eligibleInDistrict(store, ELIGIBILITY, clock), 'p');

    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 7));
    worker = await startTestWorker({
      db: database.db,
      secrets,
      sync: { ...DEFAULT_SYNC_SETTINGS, batchSize: 200, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
      seats: { now: () => clock },
    });
    temporal = await connectTestClient();
    ids = await createTenantWithProvider(database.db, secrets, sis.provider, {
      emailDomain: 'springfield.k12.example',
      deletionThreshold: { percent: 50, count: 100_000 },
    });
    await putSeatPool(database.db, {
      tenantId: ids.tenantId,
      id: POOL,
      name: 'Math Plus',
      sku: null,
      capacity: 100,
      eligibility: ELIGIBILITY,
      gracePeriodSeconds: 7 * 24 * 3600,
      scimGroup: true,
    });
  }, 180_000);

  afterAll(async () => {
    await worker?.stop();
    await temporal?.connection.close();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('gives exactly 100 seats of 150 eligible by priority, waitlists 50, and reflects the holders in the SCIM seat Group', { timeout: 300_000 }, async () => {
    expect(priority).toHaveLength(150);
    const result = await sync();
    expect(result.status).toBe('completed');
    expect(result.message).toContain('seats: 100 allocated, 0 released, 50 waitlisted, 0 in grace (math-plus 100/100)');

    const states = await seatStates(database.db, ids.tenantId, POOL);
    // Users only in last year's sections, and those unenrolled everywhere, never get a row.
    expect(states.size).toBe(150);
    expect(usersIn(states, 'assigned')).toEqual(priority.slice(0, 100).sort());
    expect(usersIn(states, 'waitlisted')).toEqual(priority.slice(100).sort());
    const audit = await seatAudit(database.db, ids.tenantId, result.runId);
    expect(audit).toEqual([...priority.slice(0, 100).map((id) => `seat.allocate:${id}`), ...priority.slice(100).map((id) => `seat.waitlist:${id}`)].sort());

    const group = await seatGroupMembers(scim, ids.tenantId, POOL);
    expect(group?.displayName).toBe('Seat: Math Plus');
    expect(group?.members).toEqual(priority.slice(0, 100).sort());
  });

  it('changes nothing when re-run with no roster change: no seat moves, no audit entries, no SCIM writes', { timeout: 300_000 }, async () => {
    scim.traffic.resetCounters();
    const result = await sync();
    expect(result.message).toContain('seats: 0 allocated, 0 released, 0 waitlisted, 0 in grace');
    expect(await seatAudit(database.db, ids.tenantId, result.runId)).toEqual([]);
    expect(scim.traffic.stats.writes).toBe(0);
  });

  it('puts 10 unenrolled seat holders into grace, then releases them after it and seats the next 10 on the waitlist', { timeout: 300_000 }, async () => {
    const leaving = priority
      .slice(0, 100)
      .filter((id) => !priority.slice(0, 10).includes(id))
      .slice(-10);
    unenrollEverywhere(store, leaving);
    const grace = await sync();
    expect(await seatAudit(database.db, ids.tenantId, grace.runId)).toEqual(leaving.map((id) => `seat.grace:${id}`).sort());
    expect(usersIn(await seatStates(database.db, ids.tenantId, POOL), 'releasing')).toEqual([...leaving].sort());
    // In grace they still hold their seat, on the SCIM side too.
    expect((await seatGroupMembers(scim, ids.tenantId, POOL))?.members).toEqual(priority.slice(0, 100).sort());

    clock = new Date(clock.getTime() + 6 * DAY_MS);
    expect(await seatAudit(database.db, ids.tenantId, (await sync()).runId)).toEqual([]);

    clock = new Date(clock.getTime() + DAY_MS + 1000);
    const after = await sync();
    const promoted = priority.slice(100, 110);
    expect(await seatAudit(database.db, ids.tenantId, after.runId)).toEqual(
      [...leaving.map((id) => `seat.release:${id}`), ...promoted.map((id) => `seat.allocate:${id}`)].sort(),
    );
    const holders = priority
      .slice(0, 110)
      .filter((id) => !leaving.includes(id))
      .sort();
    expect(usersIn(await seatStates(database.db, ids.tenantId, POOL), 'assigned', 'releasing')).toEqual(holders);
    expect((await seatGroupMembers(scim, ids.tenantId, POOL))?.members).toEqual(holders);
  });

  it('releases deprovisioned users at once and gives their seats to the waitlist', { timeout: 300_000 }, async () => {
    const holders = usersIn(await seatStates(database.db, ids.tenantId, POOL), 'assigned');
    const deleted = holders.slice(0, 3);
    for (const id of deleted) store.mutate({ op: 'delete', kind: 'users', id });
    const result = await sync();
    const promoted = priority.slice(110, 113);
    expect(await seatAudit(database.db, ids.tenantId, result.runId)).toEqual(
      [...deleted.map((id) => `seat.release:${id}`), ...promoted.map((id) => `seat.allocate:${id}`)].sort(),
    );
    const members = (await seatGroupMembers(scim, ids.tenantId, POOL))?.members ?? [];
    expect(members).toHaveLength(100);
    for (const id of deleted) expect(members).not.toContain(id);
  });

  it('holds seat releases with the deletions when the deletion-safety threshold trips and they are discarded', { timeout: 300_000 }, async () => {
    await database.db
      .update(tenants)
      .set({ settings: { emailDomain: 'springfield.k12.example', deletionThreshold: { count: 1, percent: 100 } } })
      .where(eq(tenants.id, ids.tenantId));
    const holders = usersIn(await seatStates(database.db, ids.tenantId, POOL), 'assigned');
    const deleted = holders.slice(0, 2);
    for (const id of deleted) store.mutate({ op: 'delete', kind: 'users', id });

    const handle = await temporal.client.workflow.start('tenantSync', {
      taskQueue: worker.taskQueue,
      workflowId: `sync/${ids.tenantId}/${ids.providerId}`,
      args: [{ ...ids, mode: 'full', trigger: 'test' }],
    });
    let progress = await handle.query<{ phase: string }>('progress');
    while (progress.phase !== 'awaiting_approval') {
      await new Promise((resolve) => setTimeout(resolve, 200));
      progress = await handle.query('progress');
    }
    await handle.executeUpdate('discardDeletions', { args: [{ actor: 'test-admin' }] });
    const discarded = (await handle.result()) as { runId: string };
    expect(await seatAudit(database.db, ids.tenantId, discarded.runId)).toEqual([]);
    expect(usersIn(await seatStates(database.db, ids.tenantId, POOL), 'assigned')).toEqual(holders);

    await database.db
      .update(tenants)
      .set({ settings: { emailDomain: 'springfield.k12.example', deletionThreshold: { percent: 50, count: 100_000 } } })
      .where(eq(tenants.id, ids.tenantId));
    const approved = await sync();
    expect(await seatAudit(database.db, ids.tenantId, approved.runId)).toEqual(
      [...deleted.map((id) => `seat.release:${id}`), ...priority.slice(113, 115).map((id) => `seat.allocate:${id}`)].sort(),
    );
  });
});
