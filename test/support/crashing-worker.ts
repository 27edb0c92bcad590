// A worker process that kills itself at a chosen point: the production worker's activities and
// workflows, with one activity wrapped so that, once it has done all its work (its database
// commit included), the process dies with SIGKILL before the result reaches Temporal.
//
// CRASH_AFTER_ACTIVITY=<activity name>[:<n>] dies after the n-th completion (default 1) in this process.
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/index.js';
import { loadConfigOrExit } from '../../src/config.js';
import { createLogger } from '../../src/logging/logger.js';
import { activityDeps } from '../../src/main/compose.js';
import { openStorage } from '../../src/main/runtime.js';
import { installTemporalRuntime, workflowsPath } from '../../src/temporal/worker.js';

const config = loadConfigOrExit();
const logger = createLogger(config.LOG_LEVEL, 'crashing-worker');
installTemporalRuntime(config.LOG_LEVEL);
const storage = await openStorage(config, logger);
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- activities of every signature, wrapped alike
const activities: Record<string, (...args: any[]) => Promise<unknown>> = createActivities(activityDeps(config, storage));

const [target, nth] = (process.env.CRASH_AFTER_ACTIVITY ?? '').split(':');
if (target) {
  const original = activities[target];
  if (!original) throw new Error(`CRASH_AFTER_ACTIVITY names no activity: ${target}`);
  let completions = 0;
  activities[target] = async (...args) => {
    const result = await original(...args);
    completions += 1;
    if (completions >= Number(nth ?? '1')) process.kill(process.pid, 'SIGKILL');
    return result;
  };
}

const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS! });
const worker = await Worker.create({ connection, namespace: config.TEMPORAL_NAMESPACE, taskQueue: config.TEMPORAL_TASK_QUEUE, activities, workflowsPath });
await worker.run();
