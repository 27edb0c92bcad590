import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { scimTargets } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { scimTargetSecretPath } from '../../src/secrets/secret-store.js';
import { readScimState, runSync } from '../support/sync-fixture.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { TEST_TODAY } from '../support/test-today.js';

describe('two tenants, two SCIM targets', () => {
  let database: TestDatabase;
  let worker: TestWorker;
  const peers: Array<RunningSis | Awaited<ReturnType<typeof startScimmyServer>>> = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // No default SCIM target: each tenant must use its own.
    worker = await startTestWorker({ db: database.db, secrets: new EmbeddedSecretStore(database.db, Buffer.alloc(32, 3)), sync: DEFAULT_SYNC_SETTINGS });
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await Promise.allSettled(peers.map((peer) => peer.close()));
    await database?.dispose();
  });

  it('syncs both at once, each into its own server only', { timeout: 240_000 }, async () => {
    const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, 3));
    const tenants = await Promise.all(
      (['clever', 'classlink'] as const).map(async (kind, index) => {
        const sis = await startSisFor(kind, createDistrictStore(generateDistrict({ seed: 40 + index, students: 120, today: TEST_TODAY })));
        const scim = await startScimmyServer();
        peers.push(sis, scim);
        const ids = await createTenantWithProvider(database.db, secrets, sis.provider);
        const secretPath = scimTargetSecretPath(ids.tenantId);
        await secrets.put(secretPath, { token: scim.token });
        await database.db.insert(scimTargets).values({ tenantId: ids.tenantId, baseUrl: scim.baseUrl, secretPath });
        return { ids, scim };
      }),
    );
    const { client, connection } = await connectTestClient();
    try {
      const results = await Promise.all(tenants.map(({ ids }) => runSync(client, worker.taskQueue, { ...ids, mode: 'full' })));
      expect(results.map((result) => result.status)).toEqual(['completed', 'completed']);
    } finally {
      await connection.close();
    }
    for (const { ids, scim } of tenants) {
      const { users } = await readScimState(scim.baseUrl, scim.token);
      expect(users.length).toBeGreaterThan(100);
      expect(users.every((user) => String(user.externalId).startsWith(`sis:${ids.providerId}:`))).toBe(true);
    }
  });
});
