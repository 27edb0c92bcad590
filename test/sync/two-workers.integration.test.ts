import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedRoster } from '../../sim/district/expected-roster.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { groupExternalId, userExternalId } from '../../src/domain/identity.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { syncWorkflowId } from '../../src/temporal/sync-contract.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { readScimState, runSync } from '../support/sync-fixture.js';
import { TEST_TODAY } from '../support/test-today.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';

/** Activity type and the identity of the worker that ran it, for every activity in a workflow's history. */
async function activityWorkers(
  client: Awaited<ReturnType<typeof connectTestClient>>['client'],
  workflowId: string,
): Promise<Array<{ type: string; identity: string }>> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const typeOfScheduled = new Map<string, string>();
  const ran: Array<{ type: string; identity: string }> = [];
  for (const event of history.events ?? []) {
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) typeOfScheduled.set(String(event.eventId), scheduled.activityType?.name ?? '');
    const started = event.activityTaskStartedEventAttributes;
    if (started) ran.push({ type: typeOfScheduled.get(String(started.scheduledEventId)) ?? '', identity: started.identity ?? '' });
  }
  return ran;
}

describe('one sync shared by two workers', () => {
  let database: TestDatabase;
  let sis: RunningSis;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;
  const workers: TestWorker[] = [];
  const store = createDistrictStore(generateDistrict({ seed: 23, students: 600, today: TEST_TODAY }));

  beforeAll(async () => {
    database = await createTestDatabase();
    sis = await startSisFor('clever', store);
    scim = await startScimmyServer();
  }, 120_000);

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    await Promise.allSettled([sis?.close(), scim?.close()]);
    await database?.dispose();
  });

  /** The target holds the district under the mapping: every user, every section and its members. */
  async function expectTargetExact(providerId: string): Promise<void> {
    const expected = expectedRoster(store);
    const { users, groups } = await readScimState(scim.baseUrl, scim.token);
    expect(users.map((user) => user.externalId).sort()).toEqual(expected.users.map((user) => userExternalId(providerId, user.sourceId)).sort());
    expect(new Set(users.map((user) => user.userName.toLowerCase())).size).toBe(users.length);
    const sourceIdOfScimId = new Map(users.map((user) => [user.id, String(user.externalId).split(':').pop()]));
    expect(groups.map((group) => group.externalId).sort()).toEqual(expected.sections.map((section) => groupExternalId(providerId, section.sourceId)).sort());
    for (const group of groups) {
      const sectionId = String(group.externalId).split(':').pop()!;
      expect(group.displayName).not.toBe('Renamed on the target');
      const members = (group.members ?? []).map((member) => sourceIdOfScimId.get(member.value)).sort();
      const enrolled = expected.enrollments
        .filter((enrollment) => enrollment.sectionId === sectionId)
        .map((enrollment) => enrollment.userId)
        .sort();
      expect([sectionId, members]).toEqual([sectionId, enrolled]);
    }
  }

  it('spreads transform, plan, apply and the read-back over both workers and ends exact, also after drift', { timeout: 300_000 }, async () => {
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 23));
    // Small pages, parts and batches make many independent activities; one activity slot per
    // worker means a second activity in flight has to go to the other worker.
    // The read-back reads 50 resources a call, so a resync reads the target back in many ranges.
    const sync = {
      ...DEFAULT_SYNC_SETTINGS,
      sisPageSize: 50,
      planPartSize: 100,
      batchSize: 25,
      verifyResourcesPerCall: 50,
      scimDefaults: { baseUrl: scim.baseUrl, token: scim.token },
    };
    const first = await startTestWorker({ db: database.db, secrets, sync }, { identity: 'worker-a', maxConcurrentActivityTaskExecutions: 1 });
    workers.push(first);
    workers.push(
      await startTestWorker({ db: database.db, secrets, sync }, { identity: 'worker-b', maxConcurrentActivityTaskExecutions: 1, taskQueue: first.taskQueue }),
    );
    const ids = await createTenantWithProvider(database.db, secrets, sis.provider, { emailDomain: 'springfield.k12.example' });
    const { client, connection } = await connectTestClient();
    try {
      const result = await runSync(client, first.taskQueue, { ...ids, mode: 'full' });
      expect(result.status).toBe('completed');
      expect(result.counts.failed).toBe(0);

      const ran = await activityWorkers(client, syncWorkflowId(ids.tenantId, ids.providerId));
      for (const type of ['transformBatch', 'planPart', 'applyScimBatches']) {
        const identities = new Set(ran.filter((activity) => activity.type === type).map((activity) => activity.identity));
        expect([type, [...identities].sort()]).toEqual([type, ['worker-a', 'worker-b']]);
      }
    } finally {
      await connection.close();
    }

    await expectTargetExact(ids.providerId);

    // Drift made on the target: two users deleted, one group renamed. The resync's read-back
    // finds it in ranges read by both workers, and the plan repairs it.
    const drifted = await readScimState(scim.baseUrl, scim.token);
    const deletedUsers = drifted.users.slice(-2);
    for (const user of deletedUsers) await drifted.scim.users.delete(user.id);
    const renamed = drifted.groups.at(-1)!;
    await drifted.scim.groups.update(renamed.id, { displayName: 'Renamed on the target' });
    const resyncClient = await connectTestClient();
    try {
      const resync = await runSync(resyncClient.client, first.taskQueue, { ...ids, mode: 'full' });
      expect(resync.status).toBe('completed');
      expect(resync.counts.repairs).toMatchObject({ usersMissing: deletedUsers.length, groupsChanged: 1 });
      const ran = await activityWorkers(resyncClient.client, syncWorkflowId(ids.tenantId, ids.providerId));
      const listings = ran.filter((activity) => activity.type === 'verifyTargetListing');
      // 600-odd users read a page of 100 a call (SCIMMY's page is larger than the 50 asked for): ranges, read by both workers.
      expect(listings.length).toBeGreaterThan(6);
      expect(new Set(listings.map((activity) => activity.identity))).toEqual(new Set(['worker-a', 'worker-b']));
    } finally {
      await resyncClient.connection.close();
    }
    await expectTargetExact(ids.providerId);
  });
});
