import { eq } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import { providers, scimTargets, tenants } from '../db/schema/index.js';
import { resolveMappingSettings, type MappingSettings } from '../domain/mapping-settings.js';
import { parseSisConnection, type SisConnection } from '../providers/create-sis-client.js';
import { providerSecretPath, type SecretStore } from '../secrets/secret-store.js';
import { SyncConfigurationError } from './sync-errors.js';

export interface ScimDefaults {
  /** May contain `{tenantId}`. */
  baseUrl?: string;
  token?: string;
}

export interface SyncTarget {
  tenantId: string;
  providerId: string;
  providerKind: 'clever' | 'classlink';
  settings: MappingSettings;
}

/** Tenant, provider and mapping settings for a run; credentials are not loaded here. */
export async function loadSyncTarget(db: Database, tenantId: string, providerId: string): Promise<SyncTarget> {
  const [row] = await db
    .select({ provider: providers, tenant: tenants })
    .from(providers)
    .innerJoin(tenants, eq(tenants.id, providers.tenantId))
    .where(eq(providers.id, providerId));
  if (!row || row.tenant.id !== tenantId) throw new SyncConfigurationError(`provider ${providerId} of tenant ${tenantId} does not exist`);
  return {
    tenantId,
    providerId,
    providerKind: row.provider.kind,
    settings: resolveMappingSettings(row.tenant.settings, row.provider.mapping),
  };
}

/** The SIS connection with its credentials, read from the secrets store inside an activity. */
export async function loadSisConnection(db: Database, secrets: SecretStore, tenantId: string, providerId: string, pageSize: number): Promise<SisConnection> {
  const [provider] = await db.select().from(providers).where(eq(providers.id, providerId));
  if (!provider || provider.tenantId !== tenantId) throw new SyncConfigurationError(`provider ${providerId} of tenant ${tenantId} does not exist`);
  const stored = await secrets.get(provider.secretPath || providerSecretPath(tenantId, providerId));
  if (!stored) throw new SyncConfigurationError(`no credentials stored for provider ${providerId}`);
  // Webhook secrets share the provider's secret entry; only SIS credentials go to the client.
  const { webhookSecret: _webhookSecret, ...credentials } = stored;
  try {
    return parseSisConnection(provider.kind, provider.connection.baseUrl, credentials, pageSize);
  } catch {
    throw new SyncConfigurationError(`stored credentials of provider ${providerId} do not fit a ${provider.kind} provider`);
  }
}

export interface ScimConnection {
  baseUrl: string;
  token: string;
  dialect: Record<string, unknown>;
}

/** The tenant's own SCIM target, else the configured default (with `{tenantId}` filled in). */
export async function loadScimTarget(db: Database, secrets: SecretStore, tenantId: string, defaults: ScimDefaults): Promise<ScimConnection> {
  const [target] = await db.select().from(scimTargets).where(eq(scimTargets.tenantId, tenantId));
  if (target) {
    const stored = await secrets.get(target.secretPath);
    if (!stored?.token) throw new SyncConfigurationError(`no SCIM token stored for tenant ${tenantId}`);
    return { baseUrl: target.baseUrl, token: stored.token, dialect: target.dialect };
  }
  if (defaults.baseUrl && defaults.token) {
    return { baseUrl: defaults.baseUrl.replaceAll('{tenantId}', encodeURIComponent(tenantId)), token: defaults.token, dialect: {} };
  }
  throw new SyncConfigurationError(`tenant ${tenantId} has no SCIM target and SCIM_BASE_URL/SCIM_TOKEN are not set`);
}
