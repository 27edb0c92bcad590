import type { Client, Connection } from '@temporalio/client';
import { DEFAULT_SYNC_SETTINGS, type SyncSettings } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startBetterAuthScimServer } from '../../sim/scim/better-auth-server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { startSinkServer, type SinkServerOptions } from '../../sim/scim/sink-server.js';
import type { TenantSettings } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from './temporal.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { TEST_TODAY } from './test-today.js';

type ScimPeer =
  Awaited<ReturnType<typeof startScimmyServer>> | Awaited<ReturnType<typeof startBetterAuthScimServer>> | Awaited<ReturnType<typeof startSinkServer>>;

export interface SyncStack {
  database: TestDatabase;
  secrets: EmbeddedSecretStore;
  store: DistrictStore;
  sis: RunningSis;
  scim: ScimPeer;
  worker: TestWorker;
  temporal: { client: Client; connection: Connection };
  /** The tenant and its one provider, credentials in the secrets store. */
  ids: { tenantId: string; providerId: string };
  close(): Promise<void>;
}

export interface SyncStackOptions {
  kind: 'clever' | 'classlink';
  students: number;
  seed: number;
  target?: 'scimmy' | 'better-auth' | 'sink';
  /** How the bench sink target is started (only with target 'sink'). */
  sinkOptions?: SinkServerOptions;
  tenantSettings?: TenantSettings;
  sync?: Partial<SyncSettings>;
}

/**
 * The real pieces an end-to-end sync needs, for one suite: its own database, a SIS simulator
 * serving a generated district (dated so "today" is inside its current term), a real SCIM
 * server as the tenant's default target, a worker on its own task queue, and a client.
 */
export async function startSyncStack(options: SyncStackOptions): Promise<SyncStack> {
  const database = await createTestDatabase();
  const store = createDistrictStore(generateDistrict({ seed: options.seed, students: options.students, today: TEST_TODAY }));
  const sis = await startSisFor(options.kind, store);
  const scim =
    options.target === 'better-auth'
      ? await startBetterAuthScimServer()
      : options.target === 'sink'
        ? await startSinkServer(options.sinkOptions)
        : await startScimmyServer();
  const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, options.seed % 256));
  const worker = await startTestWorker({
    db: database.db,
    secrets,
    sync: { ...DEFAULT_SYNC_SETTINGS, ...options.sync, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } },
  });
  const temporal = await connectTestClient();
  const ids = await createTenantWithProvider(database.db, secrets, sis.provider, options.tenantSettings ?? { emailDomain: 'springfield.k12.example' });
  return {
    database,
    secrets,
    store,
    sis,
    scim,
    worker,
    temporal,
    ids,
    close: async () => {
      await worker.stop();
      await temporal.connection.close();
      await Promise.allSettled([sis.close(), scim.close()]);
      await database.dispose();
    },
  };
}
