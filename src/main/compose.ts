import { createActivities, type ActivityDeps } from '../../activities/index.js';
import { createApp } from '../api/app.js';
import { WebhookRejectionAudit } from '../api/routes/webhooks/rejection-audit.js';
import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { seatSettingsFromConfig } from '../seats/seat-settings.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { tracingClientInterceptors } from '../telemetry/temporal-tracing.js';
import { connectTemporalClient } from '../temporal/client.js';
import { apiMetrics, type Observability } from './observability.js';
import { apiSettings, readinessProbes, type TemporalEndpoint } from './runtime.js';
import { syncSettingsFromConfig } from './sync-settings.js';

export interface Storage {
  database: DatabaseHandle;
  secrets: SecretStore;
}

/** The API app with its Temporal client, as every entry point that serves HTTP builds it. */
export async function composeApi(
  config: Config,
  logger: Logger,
  temporal: TemporalEndpoint,
  storage: Storage,
  adminToken?: string,
  observability?: Observability,
) {
  const { client, connection } = await connectTemporalClient(temporal.address, temporal.namespace, tracingClientInterceptors(observability?.tracing));
  const webhookRejections = new WebhookRejectionAudit(storage.database.db, logger);
  const app = createApp({
    db: storage.database.db,
    secrets: storage.secrets,
    logger,
    readiness: readinessProbes(storage.database, storage.secrets, async () => {
      await connection.workflowService.getSystemInfo({});
    }),
    temporal: { client, namespace: temporal.namespace, taskQueue: config.TEMPORAL_TASK_QUEUE, uiUrl: temporal.uiUrl },
    settings: apiSettings(config, adminToken),
    metrics: apiMetrics(config, observability, storage.database),
    webhookRejections,
  });
  return { app, connection, webhookRejections };
}

/**
 * What the worker's activities may touch.
 * @internal exported for its tests as well
 */
export function activityDeps(config: Config, storage: Storage): ActivityDeps {
  return { db: storage.database.db, secrets: storage.secrets, sync: syncSettingsFromConfig(config), seats: seatSettingsFromConfig(config) };
}

/** The activities a production worker hosts, wired to this process's storage and settings. */
export function workerActivities(config: Config, storage: Storage) {
  return createActivities(activityDeps(config, storage));
}
