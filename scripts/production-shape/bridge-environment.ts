/**
 * How the bridge runs in production: compiled JavaScript, one command per role, configured by
 * these variables. docker-compose.yml uses the same commands and variables (its structural
 * test compares them with this file), so what the production-shape run proves carries over.
 */

/** Relative to the working directory holding package.json and dist/ (the image's /app). */
export const PRODUCTION_COMMANDS = {
  api: ['node', 'dist/src/main/api.js'],
  worker: ['node', 'dist/src/main/worker.js'],
} as const;

export type BridgeRole = keyof typeof PRODUCTION_COMMANDS;

/** The container healthcheck of each role (src/main/healthcheck.ts). */
export const healthcheckCommand = (role: BridgeRole) => ['node', 'dist/src/main/healthcheck.js', role] as const;

export interface BridgeEndpoints {
  port: number;
  databaseUrl: string;
  vaultUrl: string;
  vaultToken: string;
  temporalAddress: string;
  temporalUiUrl: string;
  adminToken: string;
}

/** The environment of the api and worker processes (the same for both, as in compose). */
export function bridgeEnvironment(endpoints: BridgeEndpoints, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(endpoints.port),
    LOG_LEVEL: 'info',
    DATABASE_URL: endpoints.databaseUrl,
    VAULT_URL: endpoints.vaultUrl,
    VAULT_TOKEN: endpoints.vaultToken,
    VAULT_KV_MOUNT: 'secret',
    TEMPORAL_ADDRESS: endpoints.temporalAddress,
    TEMPORAL_NAMESPACE: 'sis-bridge',
    TEMPORAL_TASK_QUEUE: 'sis-bridge',
    TEMPORAL_UI_URL: endpoints.temporalUiUrl,
    ADMIN_API_TOKEN: endpoints.adminToken,
    ...extra,
  };
}
