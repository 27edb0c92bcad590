import type { Client, Connection } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startBetterAuthScimServer } from '../../sim/scim/better-auth-server.js';
import { syncPlanItems } from '../../src/db/schema/index.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { createTenantWithProvider, readScimState, runSync } from '../support/sync-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSisFor, type RunningSis } from './sis-peers.js';

/**
 * The strict target: better-auth's SCIM plugin requires an email unless the userName is one,
 * and keeps primary emails unique. The district's two staff sharing an email therefore cannot
 * both land there: the second must be reported as a per-record failure, never fail the run.
 */
describe.each(['clever', 'classlink'] as const)('full sync from %s into better-auth SCIM', (kind) => {
  let database: TestDatabase;
  let store: DistrictStore;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startBetterAuthScimServer>>;
  let worker: TestWorker;
  let temporal: { client: Client; connection: Connection };
  let ids: { tenantId: string; providerId: string };

  beforeAll(async () => {
    database = await createTestDatabase();
    store = createDistrictStore(generateDistrict({ seed: 17, students: 300, today: new Date('2026-11-01') }));
    sis = await startSisFor(kind, store);
    scim = await startBetterAuthScimServer();
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 4));
    worker = await startTestWorker({ db: database.db, secrets, sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } } });
    temporal = await connectTestClient();
    // Young students have no SIS email: their userName falls back to {sisId}@domain, an email.
    ids = await createTenantWithProvider(database.db, secrets, sis.provider, { emailDomain: 'springfield.k12.example' });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await temporal?.connection.close();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  it('lands every user, group and membership the target accepts and reports the rest per record', { timeout: 300_000 }, async () => {
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.status).toBe('completed');

    const failed = await database.db
      .select()
      .from(syncPlanItems)
      .where(and(eq(syncPlanItems.runId, result.runId), eq(syncPlanItems.status, 'failed')));
    const failedUsers = failed.filter((item) => item.resourceType === 'User' && item.op === 'create');
    // Exactly the shared-email staff member, refused as a uniqueness conflict.
    expect(failedUsers).toHaveLength(1);
    expect(failedUsers[0]?.error).toMatchObject({ status: 409 });
    const emailOwners = new Map<string, number>();
    for (const user of store.list('users')) if (user.email) emailOwners.set(user.email, (emailOwners.get(user.email) ?? 0) + 1);
    const failedUser = store.get('users', failedUsers[0]!.sourceId);
    expect(emailOwners.get(failedUser?.email ?? '')).toBe(2);

    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    expect(users).toHaveLength(expected.users.length - 1);
    const landed = new Set(users.map((user) => user.externalId));
    for (const user of expected.users) {
      if (user.sourceId === failedUser?.id) continue;
      expect(landed.has(userExternalId(ids.providerId, user.sourceId)), user.sourceId).toBe(true);
    }
    const sourceIdOfScimId = new Map(users.map((user) => [user.id, String(user.externalId).split(':').pop()]));
    expect(groups).toHaveLength(expected.sections.length);
    for (const group of groups) {
      const sectionId = String(group.externalId).split(':').pop()!;
      expect(group.externalId).toBe(groupExternalId(ids.providerId, sectionId));
      const members = (group.members ?? []).map((member) => sourceIdOfScimId.get(member.value)).sort();
      const enrolled = expected.enrollments.filter((e) => e.sectionId === sectionId && e.userId !== failedUser?.id).map((e) => e.userId).sort();
      expect(members).toEqual(enrolled);
    }
  });

  it('on an immediate second sync writes only the retry of the refused record', { timeout: 300_000 }, async () => {
    scim.traffic.resetCounters();
    const result = await runSync(temporal.client, worker.taskQueue, { ...ids, mode: 'full' });
    expect(result.counts).toMatchObject({ created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 1 });
    // A refused create is retried every run (the district may have fixed the record since).
    expect(scim.traffic.stats.writes).toBe(1);
  });
});
