// Production API entry point (`npm run api`): needs TEMPORAL_ADDRESS; runs no worker.
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { composeApi } from './compose.js';
import { startObservability } from './observability.js';
import { openStorage, resolveTemporal } from './runtime.js';
import { closeServer, serveApi } from './serve-api.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'sis-bridge-api');
const observability = startObservability(config, 'sis-bridge-api', logger);
const temporal = await resolveTemporal(config, logger);
const storage = await openStorage(config, logger);
const { database } = storage;
const { app, connection, webhookRejections } = await composeApi(config, logger, temporal, storage, undefined, observability);
const { server, url } = await serveApi(app, config.HOST, config.PORT);
logger.info({ url }, 'API listening');

onShutdown(logger, [
  ['api', () => closeServer(server)],
  ['webhook rejection counts', () => webhookRejections.close()],
  ['temporal connection', () => connection.close()],
  ['database', () => database.close()],
  ['traces', () => observability.stop()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);
