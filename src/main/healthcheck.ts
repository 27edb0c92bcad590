// The container HEALTHCHECK of the one image that runs both the API and the worker (see the
// Dockerfile): `node dist/src/main/healthcheck.js api|worker`. Exit 0 = healthy.
//  - api: this container's API answers GET /readyz (database, Temporal and Vault reachable);
//  - worker: this container's worker is polling its task queue, as Temporal sees it. A
//    poller's identity is `<pid>@<hostname>` (the SDK default), and a container's hostname
//    is its own, so a poller ending in `@<this hostname>` is this worker.
import { hostname } from 'node:os';
import { loadConfigOrExit } from '../config.js';
import { connectTemporalClient } from '../temporal/client.js';

const TIMEOUT_MS = 4000;
/** temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW: the queue every worker of ours polls. */
const WORKFLOW_TASK_QUEUE = 1;
const config = loadConfigOrExit();
const role = process.argv[2] ?? 'api';

function unhealthy(reason: string): never {
  process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

async function apiReady(): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${config.PORT}/readyz`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  if (!response.ok) unhealthy(`GET /readyz answered ${response.status}: ${await response.text()}`);
}

async function workerPolling(): Promise<void> {
  if (!config.TEMPORAL_ADDRESS) unhealthy('TEMPORAL_ADDRESS is not set (the production worker needs it)');
  const { connection } = await connectTemporalClient(config.TEMPORAL_ADDRESS, config.TEMPORAL_NAMESPACE);
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: config.TEMPORAL_NAMESPACE,
      taskQueue: { name: config.TEMPORAL_TASK_QUEUE },
      taskQueueType: WORKFLOW_TASK_QUEUE,
    });
    const mine = (pollers ?? []).filter((poller) => poller.identity?.endsWith(`@${hostname()}`));
    if (mine.length === 0) unhealthy(`no poller from ${hostname()} on task queue ${config.TEMPORAL_TASK_QUEUE}`);
  } finally {
    await connection.close();
  }
}

try {
  if (role === 'api') await apiReady();
  else if (role === 'worker') await workerPolling();
  else unhealthy(`unknown role "${role}" (api or worker)`);
  process.exit(0);
} catch (error) {
  unhealthy(error instanceof Error ? error.message : String(error));
}
