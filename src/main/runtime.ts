import { join } from 'node:path';
import type { ApiSettings } from '../api/app-env.js';
import type { Config } from '../config.js';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { createSecretStore } from '../secrets/create-secret-store.js';
import type { SecretStore } from '../secrets/secret-store.js';
import { VaultSecretStore } from '../secrets/vault-store.js';
import { resolveToolBinary } from '../temporal/cli-path.js';
import { startDevServer, type RunningDevServer } from '../temporal/dev-server.js';

/** Database (migrated) and secrets store, shared by the api and worker entry points. */
export async function openStorage(config: Config, logger: Logger): Promise<{ database: DatabaseHandle; secrets: SecretStore }> {
  const database = openDatabase(
    config.DATABASE_URL ? { kind: 'postgres', url: config.DATABASE_URL } : { kind: 'pglite', dataDir: join(config.DATA_DIR, 'pglite') },
  );
  await database.migrate();
  logger.info({ driver: database.driver }, 'database migrated');
  const secrets = createSecretStore(config, database.db);
  logger.info({ store: secrets.kind }, 'secrets store ready');
  return { database, secrets };
}

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  uiUrl: string | undefined;
  devServer?: RunningDevServer;
}

/** TEMPORAL_ADDRESS when set; otherwise a local dev server from temporal-dev.yaml. */
export async function resolveTemporal(config: Config, logger: Logger): Promise<TemporalEndpoint> {
  if (config.TEMPORAL_ADDRESS) {
    return { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE, uiUrl: config.TEMPORAL_UI_URL };
  }
  const cliPath = resolveToolBinary('temporal', config.TEMPORAL_CLI, config.PATH);
  logger.info({ cliPath }, 'starting local Temporal dev server (TEMPORAL_ADDRESS not set)');
  const devServer = await startDevServer({
    cliPath,
    overrides: { namespace: config.TEMPORAL_NAMESPACE },
    log: (line) => logger.debug({ temporal: line }, 'temporal dev server'),
  });
  return { address: devServer.address, namespace: devServer.namespace, uiUrl: config.TEMPORAL_UI_URL ?? devServer.uiUrl, devServer };
}

export function readinessProbes(database: DatabaseHandle, secrets: SecretStore, temporalPing: () => Promise<void>) {
  const probes: Record<string, () => Promise<void>> = { database: () => database.ping(), temporal: temporalPing };
  if (secrets instanceof VaultSecretStore) probes.vault = () => secrets.ping();
  return probes;
}

/** The configuration values the API handlers use. */
export function apiSettings(config: Config, adminToken = config.ADMIN_API_TOKEN): ApiSettings {
  return {
    adminToken,
    defaultSyncIntervalSeconds: config.DEFAULT_SYNC_INTERVAL,
    scimDefaultBaseUrl: config.SCIM_BASE_URL,
    allowPrivateOutbound: config.OUTBOUND_ALLOW_PRIVATE_ADDRESSES,
    authFailureLimit: config.AUTH_FAILURE_LIMIT,
    authFailureWindowSeconds: config.AUTH_FAILURE_WINDOW,
  };
}
