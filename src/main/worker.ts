// Production worker entry point (`npm run worker`): polls the task queue; scale by running more.
import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logging/logger.js';
import { createWorker } from '../temporal/worker.js';
import { workerActivities } from './compose.js';
import { installWorkerRuntime, serveWorkerMetrics, startObservability } from './observability.js';
import { openStorage, resolveTemporal } from './runtime.js';
import { onShutdown } from './shutdown.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'sis-bridge-worker');
const observability = startObservability(config, 'sis-bridge-worker', logger);
await installWorkerRuntime(config, observability);
const temporal = await resolveTemporal(config, logger);
const storage = await openStorage(config, logger);
const { database } = storage;
const { worker, connection } = await createWorker({
  address: temporal.address,
  namespace: temporal.namespace,
  taskQueue: config.TEMPORAL_TASK_QUEUE,
  activities: workerActivities(config, storage),
  maxConcurrentActivityTaskExecutions: config.WORKER_ACTIVITY_SLOTS,
  ...(observability.tracing ? { tracing: observability.tracing } : {}),
});
const metricsServer = await serveWorkerMetrics(config, observability, logger);
const run = worker.run();
logger.info({ address: temporal.address, taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker polling');

onShutdown(logger, [
  [
    'worker',
    async () => {
      worker.shutdown();
      await run;
    },
  ],
  ['temporal connection', () => connection.close()],
  ['metrics', async () => metricsServer?.close()],
  ['database', () => database.close()],
  ['traces', () => observability.stop()],
  ['temporal dev server', async () => temporal.devServer?.stop()],
]);
