import type { Client } from '@temporalio/client';
import type { Database } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import type { MetricsEndpointOptions } from '../metrics/metrics-endpoint.js';
import type { ScimProber } from '../admin/scim-probe.js';
import type { SisVerifier } from '../admin/sis-probe.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { AuthFailureLimiter } from './auth/failure-limiter.js';
import type { Principal } from './auth/principal.js';
import type { WebhookRejectionAudit } from './routes/webhooks/rejection-audit.js';

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
  /** OUTBOUND_ALLOW_PRIVATE_ADDRESSES: tenant tokens may name loopback/private hosts too (the admin token always may). Default false. */
  allowPrivateOutbound?: boolean;
  /** AUTH_FAILURE_LIMIT failed authentications per client address within AUTH_FAILURE_WINDOW seconds, then 429. Defaults 20 and 60. */
  authFailureLimit?: number;
  authFailureWindowSeconds?: number;
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
  verifySisCredentials?: SisVerifier;
  /** The SCIM target probe behind PUT scim-target; throws ScimError. Default: over HTTP with the token. */
  probeScimTarget?: ScimProber;
  /** Counts webhook rejections into audit entries; the entry point closes it on shutdown. Default: one per app. */
  webhookRejections?: WebhookRejectionAudit;
  /** What GET /metrics serves; without it the route does not exist. */
  metrics?: MetricsEndpointOptions;
}

/** Per-app state that guards the API against hostile callers, built once by createApp. */
export interface ApiGuards {
  apiFailures: AuthFailureLimiter;
  webhookFailures: AuthFailureLimiter;
  webhookRejections: WebhookRejectionAudit;
}

export interface AppEnv {
  Variables: { deps: ApiDeps; guards: ApiGuards; principal: Principal };
}
