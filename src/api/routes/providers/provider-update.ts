import type { z } from '@hono/zod-openapi';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { updateProvider, type ProviderChanges, type ProviderRow } from '../../../db/queries/providers.js';
import { describeCredentials, parseSisConnection, type SisConnection } from '../../../providers/index.js';
import { providerWebhookSecretPath } from '../../../secrets/secret-store.js';
import { describeSyncSchedule, updateSyncSchedule } from '../../../temporal/schedules.js';
import type { ApiDeps } from '../../app-env.js';
import { apiAudit } from '../../audit.js';
import type { Principal } from '../../auth/principal.js';
import { ApiError } from '../../errors.js';
import type { CreateProviderBody, UpdateProviderBody } from './providers.schemas.js';
import { verifySisConnection } from './sis-verification.js';

type UpdateBody = z.infer<typeof UpdateProviderBody>;

export function sisConnectionOf(body: z.infer<typeof CreateProviderBody>): SisConnection {
  return parseSisConnection(body.kind, body.connection.baseUrl, body.credentials);
}

/**
 * PUT semantics of a provider: omitted fields keep their value. New credentials or a new
 * connection are checked against the SIS before anything is written; the schedule is
 * rewritten from the result (which also recreates it should it have gone missing).
 */
export async function applyProviderUpdate(deps: ApiDeps, principal: Principal, existing: ProviderRow, body: UpdateBody): Promise<ProviderRow> {
  const connection = body.connection ?? existing.connection;
  const connectionChanged = body.connection !== undefined && JSON.stringify(body.connection) !== JSON.stringify(existing.connection);
  if (body.credentials || connectionChanged) {
    const credentials = body.credentials ?? (await deps.secrets.get(existing.secretPath));
    if (!credentials) throw new ApiError(422, 'credentials_missing', 'no credentials are stored for this provider; send credentials', { field: 'body.credentials' });
    try {
      await verifySisConnection(deps, parseCredentials(existing.kind, connection.baseUrl, credentials));
    } catch (error) {
      if (error instanceof ApiError && error.status !== 400) {
        await recordAudit(deps.db, apiAudit(principal, existing.tenantId, 'provider.update', { type: 'provider', id: existing.id }, 'failure', { code: error.code }));
      }
      throw error;
    }
  }

  if (body.credentials) await deps.secrets.rotate(existing.secretPath, body.credentials);
  const webhookPath = providerWebhookSecretPath(existing.tenantId, existing.id);
  if (body.webhook?.secret === null) await deps.secrets.delete(webhookPath);
  else if (body.webhook?.secret) await deps.secrets.rotate(webhookPath, { secret: body.webhook.secret });

  const enabled = body.enabled ?? existing.enabled;
  // Temporal owns the interval: an update that does not set it keeps the schedule's own value.
  const current = body.scheduleIntervalSeconds === undefined ? await describeSyncSchedule(deps.temporal.client, existing.tenantId, existing.id) : undefined;
  const intervalSeconds = body.scheduleIntervalSeconds ?? current?.intervalSeconds ?? existing.scheduleIntervalSeconds;
  await updateSyncSchedule(deps.temporal.client, {
    tenantId: existing.tenantId,
    providerId: existing.id,
    providerKind: existing.kind,
    intervalSeconds,
    paused: !enabled,
    taskQueue: deps.temporal.taskQueue,
  });

  const changes: ProviderChanges = { enabled, scheduleIntervalSeconds: intervalSeconds };
  if (body.name !== undefined) changes.name = body.name;
  if (body.connection) changes.connection = body.connection;
  if (body.mapping) changes.mapping = body.mapping;
  if (body.webhook) {
    changes.webhook = {
      ipAllowlist: body.webhook.ipAllowlist ?? existing.webhook.ipAllowlist ?? [],
      trustProxy: body.webhook.trustProxy ?? existing.webhook.trustProxy ?? false,
    };
  }
  // Field names only: the audit log never holds credential values.
  const changed = Object.keys(body).filter((key) => key !== 'credentials' && key !== 'webhook');
  if (body.webhook) changed.push(...Object.keys(body.webhook).map((key) => `webhook.${key}`));
  const row = await deps.db.transaction(async (tx) => {
    const updated = await updateProvider(tx, existing.tenantId, existing.id, changes);
    if (!updated) throw new ApiError(404, 'provider_not_found', `provider ${existing.id} was deleted meanwhile`);
    await recordAudit(
      tx,
      apiAudit(principal, existing.tenantId, 'provider.update', { type: 'provider', id: existing.id }, 'success', { changed, credentialsRotated: Boolean(body.credentials) }),
    );
    return updated;
  });
  return row;
}

function parseCredentials(kind: ProviderRow['kind'], baseUrl: string, credentials: unknown): SisConnection {
  try {
    return parseSisConnection(kind, baseUrl, credentials);
  } catch {
    const expected = describeCredentials(kind);
    throw new ApiError(400, 'validation_failed', `invalid body: credentials of a ${kind} provider are ${expected}`, {
      fields: [{ field: 'body.credentials', message: `expected ${expected}` }],
    });
  }
}
