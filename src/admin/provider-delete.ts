import { recordAudit } from '../db/queries/audit-log.js';
import { deleteProvider as removeRow } from '../db/queries/providers.js';
import { providerWebhookSecretPath } from '../secrets/secret-store.js';
import { AdminError } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { allOrNothing } from './all-or-nothing.js';
import { requireProvider } from './provider-update.js';
import { restoreSecret } from './secret-snapshot.js';

/**
 * Removes a provider (409 while one of its syncs runs): schedule, webhook secret, credentials,
 * and last the row with its audit entry. A failure at any step recreates what was removed
 * (the schedule with its interval and paused state, the secrets with their values).
 */
export async function deleteProvider(deps: AdminDeps, caller: AdminCaller, tenantId: string, providerId: string): Promise<void> {
  const existing = await requireProvider(deps, tenantId, providerId);
  const running = await deps.findRunningSync(tenantId, providerId);
  if (running) throw new AdminError('conflict', 'sync_running', 'a sync of this provider is running; stop it first', undefined, { ...running });

  const webhookPath = providerWebhookSecretPath(tenantId, providerId);
  const failureAudit = (details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'provider.delete', { type: 'provider', id: providerId }, 'failure', details);
  await allOrNothing({ db: deps.db, logger: deps.logger, failureAudit }, async (log) => {
    const schedule = await log.step('schedule', () => deps.schedules.describe(tenantId, providerId));
    const recreate = schedule
      ? () =>
          deps.schedules.create({
            tenantId,
            providerId,
            providerKind: existing.kind,
            intervalSeconds: schedule.intervalSeconds ?? existing.scheduleIntervalSeconds,
            paused: schedule.paused,
            taskQueue: deps.taskQueue,
          })
      : undefined;
    await log.step('schedule', () => deps.schedules.delete(tenantId, providerId), recreate);

    for (const [step, path] of [
      ['webhook_secret', webhookPath],
      ['secrets', existing.secretPath],
    ] as const) {
      const previous = await log.step(step, () => deps.secrets.get(path));
      await log.step(
        step,
        () => deps.secrets.delete(path),
        () => restoreSecret(deps.secrets, path, previous),
      );
    }

    await log.step('database', () =>
      deps.db.transaction(async (tx) => {
        await removeRow(tx, tenantId, providerId);
        await recordAudit(tx, adminAudit(caller, tenantId, 'provider.delete', { type: 'provider', id: providerId }, 'success'));
      }),
    );
  });
}
