// All-in-one entry point (`npm start`): embedded defaults, one process running the Temporal
// dev server (unless TEMPORAL_ADDRESS is set), the worker and the API.
import { createApp } from '../api/app.js';
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { connectTemporalClient } from '../temporal/client.js';
import { createWorker } from '../temporal/worker.js';
import { openStorage, readinessProbes, resolveTemporal } from './runtime.js';
import { closeServer, serveApi } from './serve-api.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL);

const temporal = await resolveTemporal(config, logger);
const { database, secrets } = await openStorage(config, logger);
const { connection } = await connectTemporalClient(temporal.address, temporal.namespace);

const { worker, connection: workerConnection } = await createWorker({
  address: temporal.address,
  namespace: temporal.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  deps: { db: database.db, secrets },
});
const workerRun = worker.run();

const app = createApp({
  db: database.db,
  secrets,
  logger,
  readiness: readinessProbes(database, secrets, async () => {
    await connection.workflowService.getSystemInfo({});
  }),
});
const { server, url } = await serveApi(app, config.HOST, config.PORT);

onShutdown(logger, [
  ['api', () => closeServer(server)],
  ['worker', async () => {
    worker.shutdown();
    await workerRun;
  }],
  ['temporal connections', async () => {
    await connection.close();
    await workerConnection.close();
  }],
  ['database', () => database.close()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);

process.stdout.write(
  [
    '',
    'SIS Bridge is running.',
    `  API:              ${url}`,
    `  OpenAPI docs:     ${url}/docs  (document: ${url}/openapi.json)`,
    `  Temporal Web UI:  ${temporal.uiUrl ?? '(set TEMPORAL_UI_URL)'}`,
    `  Database:         ${database.driver}${database.driver === 'pglite' ? ` (${config.DATA_DIR}/pglite)` : ''}`,
    `  Secrets:          ${secrets.kind}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n'),
);
