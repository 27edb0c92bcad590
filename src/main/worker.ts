// Production worker entry point (`npm run worker`): polls the task queue; scale by running more.
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { createWorker, installTemporalRuntime } from '../temporal/worker.js';
import { activityDeps } from './compose.js';
import { openStorage, resolveTemporal } from './runtime.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'sis-bridge-worker');
installTemporalRuntime(config.LOG_LEVEL);
const temporal = await resolveTemporal(config, logger);
const storage = await openStorage(config, logger);
const { database } = storage;
const { worker, connection } = await createWorker({
  address: temporal.address,
  namespace: temporal.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  deps: activityDeps(config, storage),
});
const run = worker.run();
logger.info({ address: temporal.address, taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');

onShutdown(logger, [
  ['worker', async () => {
    worker.shutdown();
    await run;
  }],
  ['temporal connection', () => connection.close()],
  ['database', () => database.close()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);
