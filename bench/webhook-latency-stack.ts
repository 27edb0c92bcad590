/**
 * The stack bench/webhook-latency.ts measures: a worker and the API over HTTP in this process
 * (on Postgres each with a pool of its own, as they run in production), a database (its own
 * database on Postgres when reachable, dropped afterwards; else PGlite), the Temporal dev
 * server, and in a child process of their own (bench/full-sync-peers.ts, as bench/full-sync.ts
 * runs them) the Clever simulator with a generated district and the SCIM target (SCIMMY, the
 * realistic one, or the bench sink whose per-request cost is negligible): at 100k students
 * their heaps and CPU would otherwise stall the API and the worker being measured. Plus a tenant whose Clever provider has a webhook
 * secret and one completed full sync (the same workflow bench/full-sync.ts runs first).
 */
import { installQuietRuntime } from './bench-worker.js';
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { createActivities } from '../activities/index.js';
import { DEFAULT_SYNC_SETTINGS } from '../activities/sync-deps.js';
import { createApp } from '../src/api/app.js';
import { openDatabase } from '../src/db/database.js';
import { createLogger } from '../src/logging/logger.js';
import { closeServer, serveApi } from '../src/main/serve-api.js';
import { EmbeddedSecretStore } from '../src/secrets/embedded-store.js';
import { providerWebhookSecretPath } from '../src/secrets/secret-store.js';
import { resolveToolBinary } from '../src/temporal/cli-path.js';
import { startDevServer } from '../src/temporal/dev-server.js';
import { syncWorkflowId, TENANT_SYNC_WORKFLOW, type TenantSyncResult } from '../src/temporal/sync-contract.js';
import { createWorker } from '../src/temporal/worker.js';
import { createTenantWithProvider } from '../sim/fixtures/tenant-fixture.js';
import { DEFAULT_BENCH_DATABASE_URL, openBenchDatabase } from './bench-database.js';
import { Peers } from './full-sync-peers-client.js';

type WebhookBenchTarget = 'scimmy' | 'sink';

export interface StackOptions {
  students: number;
  target: WebhookBenchTarget;
  databaseUrl: string | undefined;
  temporalCli: string | undefined;
}

export async function startStack(options: StackOptions, cleanups: Array<() => Promise<unknown>>) {
  installQuietRuntime('temporal');
  const temporal = await startDevServer({
    cliPath: resolveToolBinary('temporal', options.temporalCli, undefined),
    overrides: { port: 0, uiPort: 0, dbFilename: null, logLevel: 'error' },
  });
  cleanups.push(() => temporal.stop());
  const database = await openBenchDatabase(options.databaseUrl ?? DEFAULT_BENCH_DATABASE_URL, options.databaseUrl !== undefined, 20);
  cleanups.push(() => database.dispose());

  const peers = Peers.spawn(undefined);
  cleanups.push(() => peers.stop());
  const { provider, scim } = await peers.request(
    { type: 'start', request: { provider: 'clever', target: options.target, sinkBulk: false, students: options.students, seed: 5, renames: true } },
    'ready',
  );

  const secrets = new EmbeddedSecretStore(database.db, randomBytes(32));
  const taskQueue = `bench-webhooks-${randomBytes(4).toString('hex')}`;
  const { worker, connection: workerConnection } = await createWorker({
    address: temporal.address,
    namespace: temporal.namespace,
    taskQueue,
    activities: createActivities({ db: database.db, secrets, sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } } }),
  });
  const workerRun = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await workerRun;
    await workerConnection.close();
  });

  const connection = await Connection.connect({ address: temporal.address });
  cleanups.push(() => connection.close());
  const client = new Client({ connection, namespace: temporal.namespace });
  // The API and the worker are separate processes in production, each with its own pool: a
  // burst of deliveries must not queue the worker's activities behind it (nor the reverse).
  const apiDatabase = database.url ? openDatabase({ kind: 'postgres', url: database.url, maxConnections: 10 }) : undefined;
  if (apiDatabase) cleanups.push(() => apiDatabase.close());
  const app = createApp({
    db: apiDatabase?.db ?? database.db,
    secrets,
    logger: createLogger('silent'),
    readiness: {},
    temporal: { client, namespace: temporal.namespace, taskQueue, uiUrl: undefined },
    settings: { adminToken: undefined, defaultSyncIntervalSeconds: 3600, scimDefaultBaseUrl: undefined },
  });
  const { server, url } = await serveApi(app, '127.0.0.1', 0);
  cleanups.push(() => closeServer(server));

  const ids = await createTenantWithProvider(database.db, secrets, provider, { emailDomain: 'springfield.k12.example' });
  const secret = randomBytes(24).toString('hex');
  await secrets.put(providerWebhookSecretPath(ids.tenantId, ids.providerId), { secret });
  const started = performance.now();
  const full = (await client.workflow.execute(TENANT_SYNC_WORKFLOW, {
    taskQueue,
    workflowId: syncWorkflowId(ids.tenantId, ids.providerId),
    args: [{ ...ids, mode: 'full', trigger: 'test' }],
  })) as TenantSyncResult;
  const fullSeconds = (performance.now() - started) / 1000;
  // A production Postgres's autovacuum would have refreshed the statistics after the first load;
  // the test server runs with autovacuum off (see bench/full-sync.ts).
  await database.db.execute(sql`analyze`);
  cleanups.push(() =>
    client.workflow
      .getHandle(`events/${ids.tenantId}/${ids.providerId}`)
      .terminate('bench finished')
      .catch(() => undefined),
  );
  return { database, peers, client, ids, secret, webhookUrl: `${url}/webhooks/clever/${ids.tenantId}`, full, fullSeconds };
}
