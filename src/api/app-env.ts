import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { MetricsEndpointOptions } from '../metrics/metrics-endpoint.js';
import type { SisConnection } from '../providers/create-sis-client.js';
import type { ScimDialect } from '../scim/index.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { Principal } from './auth/principal.js';

/** The Temporal side of the API: where syncs start and which schedules run them. */
export interface ApiTemporal {
  client: Client;
  namespace: string;
  /** Task queue of the sync workflows (TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
  /** Web UI base for run links (TEMPORAL_UI_URL or the dev server's UI); links are omitted without it. */
  uiUrl: string | undefined;
}

/** Configuration values the handlers need (from src/config.ts, passed by the entry point). */
export interface ApiSettings {
  /** ADMIN_API_TOKEN; without it no request can act as admin. */
  adminToken: string | undefined;
  /** DEFAULT_SYNC_INTERVAL, seconds. */
  defaultSyncIntervalSeconds: number;
  /** SCIM_BASE_URL (may contain `{tenantId}`), shown for tenants without their own target. */
  scimDefaultBaseUrl: string | undefined;
}

export interface ScimTargetProbe {
  baseUrl: string;
  token: string;
  dialect: Partial<ScimDialect>;
}

/** What discovery found and the dialect the client will use (after the tenant's overrides). */
export interface SettledScimDialect {
  /** `advertised`: from /ServiceProviderConfig; `assumed`: the target has no discovery endpoints. */
  discovery: 'advertised' | 'assumed';
  dialect: ScimDialect;
}

/** What every handler can reach, set once per request by createApp. */
export interface ApiDeps {
  db: Database;
  secrets: SecretStore;
  logger: Logger;
  /** Named dependency checks for /readyz; each rejects when its dependency is down. */
  readiness: Record<string, () => Promise<void>>;
  temporal: ApiTemporal;
  settings: ApiSettings;
  /** The cheap authenticated SIS call behind provider create/update; throws SisError. Default: the real SIS client. */
  verifySisCredentials?: (connection: SisConnection, signal: AbortSignal) => Promise<void>;
  /** Reads the target's /ServiceProviderConfig with its token; throws ScimError. Default: connectScimClient. */
  probeScimTarget?: (target: ScimTargetProbe, signal: AbortSignal) => Promise<SettledScimDialect | void>;
  /** What GET /metrics serves; without it the route does not exist. */
  metrics?: MetricsEndpointOptions;
}

export interface AppEnv {
  Variables: { deps: ApiDeps; principal: Principal };
}
