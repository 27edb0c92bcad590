import type { ProviderRow } from '../../../db/queries/providers.js';
import { providerWebhookSecretPath } from '../../../secrets/secret-store.js';
import { describeSyncSchedule } from '../../../temporal/schedules.js';
import type { ApiDeps } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { iso } from '../../openapi/common.js';

/** The provider as the API shows it: no credentials, the schedule as Temporal holds it. */
export async function providerView(deps: ApiDeps, row: ProviderRow) {
  const [schedule, webhookSecret] = await Promise.all([
    describeSyncSchedule(deps.temporal.client, row.tenantId, row.id).catch((error: unknown) => {
      deps.logger.warn({ err: error, providerId: row.id }, 'describing the sync schedule failed');
      throw new ApiError(502, 'temporal_unavailable', 'the provider schedule could not be read from Temporal');
    }),
    deps.secrets.get(providerWebhookSecretPath(row.tenantId, row.id)),
  ]);
  return {
    id: row.id,
    tenantId: row.tenantId,
    kind: row.kind,
    name: row.name,
    enabled: row.enabled,
    connection: row.connection,
    mapping: row.mapping,
    webhook: { ipAllowlist: row.webhook.ipAllowlist ?? [], trustProxy: row.webhook.trustProxy ?? false, secretConfigured: webhookSecret !== undefined },
    schedule: schedule
      ? {
          scheduleId: schedule.scheduleId,
          intervalSeconds: schedule.intervalSeconds,
          paused: schedule.paused,
          nextRunTimes: schedule.nextRunTimes.map((time) => time.toISOString()),
          lastRunAt: iso(schedule.lastRunAt),
        }
      : null,
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}
