import type { Client, Connection } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { generateDistrict } from '../../sim/district/generator.js';
import type { DistrictStore } from '../../sim/district/model.js';
import { createDistrictStore } from '../../sim/district/store.js';
import { startBetterAuthScimServer } from '../../sim/scim/better-auth-server.js';
import { startQuirkyScimServer } from '../../sim/scim/quirky-server.js';
import { startScim2Server } from '../../sim/scim/scim2-server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import type { TrafficControl } from '../../sim/scim/traffic-control.js';
import { syncPlanItems } from '../../src/db/schema/index.js';
import { EmbeddedSecretStore } from '../../src/secrets/embedded-store.js';
import { startSisFor, type RunningSis } from '../../sim/fixtures/sis-peers.js';
import { checkConvergence, readTarget, type ConvergenceReport } from '../support/convergence-check.js';
import { createTenantWithProvider } from '../../sim/fixtures/tenant-fixture.js';
import { connectTestClient, startTestWorker, type TestWorker } from '../support/temporal.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { TEST_TODAY } from '../support/test-today.js';

/** A SCIM target the convergence suite syncs into. */
export interface RunningConvergenceTarget {
  baseUrl: string;
  token: string;
  /** Where the whole truth is read (the quirky front's undisguised backend). */
  truthBaseUrl: string;
  /** Request counters, where the target is fronted by our traffic control. */
  traffic?: TrafficControl;
  close(): Promise<void>;
}

export interface ConvergenceTarget {
  name: string;
  start(): Promise<RunningConvergenceTarget>;
  /** Keeps a deleted User's id in its groups (reported as dangling, not as a difference). */
  keepsDanglingMembers: boolean;
}

export const CONVERGENCE_TARGETS: ConvergenceTarget[] = [
  {
    name: 'scimmy',
    start: async () => {
      const server = await startScimmyServer();
      return { ...server, truthBaseUrl: server.baseUrl };
    },
    keepsDanglingMembers: false,
  },
  {
    name: 'better-auth',
    start: async () => {
      const server = await startBetterAuthScimServer();
      return { ...server, truthBaseUrl: server.baseUrl };
    },
    keepsDanglingMembers: false,
  },
  {
    name: 'scim2-server (PyPI, third party)',
    start: async () => {
      const server = await startScim2Server();
      return { ...server, truthBaseUrl: server.baseUrl };
    },
    keepsDanglingMembers: true,
  },
  {
    name: 'quirky (no discovery, totalResults = page size, startIndex ignored on Groups, 50 per page)',
    start: async () => {
      const server = await startQuirkyScimServer();
      return { baseUrl: server.baseUrl, token: server.token, truthBaseUrl: server.backend.baseUrl, traffic: server.traffic, close: server.close };
    },
    keepsDanglingMembers: false,
  },
];

export const EMAIL_DOMAIN = 'springfield.k12.example';

export interface ConvergenceStack {
  database: TestDatabase;
  store: DistrictStore;
  sis: RunningSis;
  target: RunningConvergenceTarget;
  worker: TestWorker;
  temporal: { client: Client; connection: Connection };
  ids: { tenantId: string; providerId: string };
  /** The convergence check of the target against the district now. */
  check(): Promise<ConvergenceReport>;
  close(): Promise<void>;
}

export async function startConvergenceStack(
  target: ConvergenceTarget,
  options: { students: number; seed: number; provider?: 'clever' | 'classlink' },
): Promise<ConvergenceStack> {
  const database = await createTestDatabase();
  const store = createDistrictStore(generateDistrict({ seed: options.seed, students: options.students, today: TEST_TODAY }));
  const sis = await startSisFor(options.provider ?? 'clever', store);
  const running = await target.start();
  const secrets = new EmbeddedSecretStore(database.db, Buffer.alloc(32, options.seed % 256));
  const worker = await startTestWorker({
    db: database.db,
    secrets,
    sync: { ...DEFAULT_SYNC_SETTINGS, batchSize: 100, scimDefaults: { baseUrl: running.baseUrl, token: running.token } },
  });
  const temporal = await connectTestClient();
  const ids = await createTenantWithProvider(database.db, secrets, sis.provider, {
    emailDomain: EMAIL_DOMAIN,
    deletionThreshold: { count: 10_000, percent: 50 },
  });
  return {
    database,
    store,
    sis,
    target: running,
    worker,
    temporal,
    ids,
    check: async () => {
      // Users a target refuses for good (better-auth: a second user with the same email) are
      // reported per record by the bridge; the check leaves them out.
      const refused = await database.db
        .select({ sourceId: syncPlanItems.sourceId })
        .from(syncPlanItems)
        .where(and(eq(syncPlanItems.status, 'failed'), eq(syncPlanItems.resourceType, 'User'), eq(syncPlanItems.op, 'create')));
      return checkConvergence({
        store,
        providerId: ids.providerId,
        target: await readTarget(running.truthBaseUrl, running.token),
        emailDomain: EMAIL_DOMAIN,
        refusedUserIds: new Set(refused.map((row) => row.sourceId)),
      });
    },
    close: async () => {
      await worker.stop();
      await temporal.connection.close();
      await Promise.allSettled([sis.close(), running.close()]);
      await database.dispose();
    },
  };
}
