import type { ProviderConnection, ProviderWebhookSettings, TenantSettings } from '../db/schema/index.js';
import { describeCredentials, parseSisConnection, type SisConnection } from '../providers/index.js';
import type { ProviderKind } from '../providers/types.js';
import { invalidField } from './admin-error.js';

/** A provider as the API hands it over, already validated field by field. */
export interface CreateProviderInput {
  kind: ProviderKind;
  name: string;
  connection: ProviderConnection;
  /** Clever `{token}` or ClassLink `{consumerKey, consumerSecret}`; written to the secrets store only. */
  credentials: Record<string, string>;
  scheduleIntervalSeconds?: number | undefined;
  mapping?: TenantSettings | undefined;
  webhook?: (ProviderWebhookSettings & { secret?: string | undefined }) | undefined;
  enabled?: boolean | undefined;
}

/** PUT semantics: omitted fields keep their value; `webhook.secret: null` removes the secret. */
export interface UpdateProviderInput {
  name?: string | undefined;
  connection?: ProviderConnection | undefined;
  credentials?: Record<string, string> | undefined;
  scheduleIntervalSeconds?: number | undefined;
  mapping?: TenantSettings | undefined;
  webhook?: (ProviderWebhookSettings & { secret?: string | null | undefined }) | undefined;
  enabled?: boolean | undefined;
}

/** The SIS connection for a kind, or a 400 naming body.credentials when they are the other kind's. */
export function sisConnectionFor(kind: ProviderKind, baseUrl: string, credentials: unknown): SisConnection {
  try {
    return parseSisConnection(kind, baseUrl, credentials);
  } catch {
    throw invalidField('body.credentials', `of a ${kind} provider are ${describeCredentials(kind)}`);
  }
}
