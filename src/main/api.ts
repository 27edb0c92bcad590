// Production API entry point (`npm run api`): needs TEMPORAL_ADDRESS; runs no worker.
import { createApp } from '../api/app.js';
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { connectTemporalClient } from '../temporal/client.js';
import { apiSettings, openStorage, readinessProbes, resolveTemporal } from './runtime.js';
import { closeServer, serveApi } from './serve-api.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'sis-bridge-api');
const temporal = await resolveTemporal(config, logger);
const { database, secrets } = await openStorage(config, logger);
const { client, connection } = await connectTemporalClient(temporal.address, temporal.namespace);

const app = createApp({
  db: database.db,
  secrets,
  logger,
  readiness: readinessProbes(database, secrets, async () => {
    await connection.workflowService.getSystemInfo({});
  }),
  temporal: { client, namespace: temporal.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, uiUrl: temporal.uiUrl },
  settings: apiSettings(config),
});
const { server, url } = await serveApi(app, config.HOST, config.PORT);
logger.info({ url }, 'API listening');

onShutdown(logger, [
  ['api', () => closeServer(server)],
  ['temporal connection', () => connection.close()],
  ['database', () => database.close()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);
