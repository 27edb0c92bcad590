// All-in-one entry point (`npm start`): embedded defaults, one process running the Temporal
// dev server (unless TEMPORAL_ADDRESS is set), the worker and the API.
import { randomBytes } from 'node:crypto';
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { createWorker } from '../temporal/worker.js';
import { composeApi, workerActivities } from './compose.js';
import { installWorkerRuntime, startObservability } from './observability.js';
import { openStorage, resolveTemporal } from './runtime.js';
import { closeServer, serveApi } from './serve-api.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

// One process, one /metrics: the API's serves the worker's metrics (the Temporal SDK's included) too.
const observability = startObservability(config, 'sis-bridge', logger);
await installWorkerRuntime(config, observability);
const temporal = await resolveTemporal(config, logger);
const storage = await openStorage(config, logger);
const { database, secrets } = storage;
// On a developer machine without ADMIN_API_TOKEN, a token for this process only (printed below).
const adminToken = config.ADMIN_API_TOKEN ?? `dev-${randomBytes(24).toString('base64url')}`;

const { worker, connection: workerConnection } = await createWorker({
  address: temporal.address,
  namespace: temporal.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  activities: workerActivities(config, storage),
  maxConcurrentActivityTaskExecutions: config.WORKER_ACTIVITY_SLOTS,
  ...(observability.tracing ? { tracing: observability.tracing } : {}),
});
const workerRun = worker.run();

const { app, connection, webhookRejections } = await composeApi(config, logger, temporal, storage, adminToken, observability);
const { server, url } = await serveApi(app, config.HOST, config.PORT);

onShutdown(logger, [
  ['api', () => closeServer(server)],
  ['webhook rejection counts', () => webhookRejections.close()],
  [
    'worker',
    async () => {
      worker.shutdown();
      await workerRun;
    },
  ],
  [
    'temporal connections',
    async () => {
      await connection.close();
      await workerConnection.close();
    },
  ],
  ['database', () => database.close()],
  ['traces', () => observability.stop()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);

process.stdout.write(
  [
    '',
    'SIS Bridge is running.',
    `  API:              ${url}`,
    `  OpenAPI docs:     ${url}/docs  (document: ${url}/openapi.json)`,
    `  Temporal Web UI:  ${temporal.uiUrl ?? '(set TEMPORAL_UI_URL)'}`,
    `  Metrics:          ${url}/metrics${config.METRICS_TOKEN ? '  (bearer METRICS_TOKEN)' : ''}`,
    `  Database:         ${database.driver}${database.driver === 'pglite' ? ` (${config.DATA_DIR}/pglite)` : ''}`,
    `  Secrets:          ${secrets.kind}`,
    `  Admin token:      ${config.ADMIN_API_TOKEN ? '(ADMIN_API_TOKEN)' : `${adminToken}  (generated for this run; set ADMIN_API_TOKEN to fix one)`}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);
