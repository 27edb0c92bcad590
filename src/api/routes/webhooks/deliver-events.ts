import type { Client } from '@temporalio/client';
import { recordAudit } from '../../../db/queries/audit-log.js';
import type { ProviderRow } from '../../../db/queries/providers.js';
import { anyPending, storeWebhookEvents } from '../../../db/queries/webhook-events.js';
import type { ReceivedWebhookEvent } from '../../../providers/index.js';
import { wakeProviderEvents } from '../../../temporal/api-client.js';
import type { ApiDeps } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { CoalescedWake } from './coalesced-wake.js';

const webhookActor = (provider: ProviderRow) => `webhook:${provider.kind}`;

/**
 * Stores a verified delivery's events once each, audits it, and wakes the provider's event
 * workflow with signal-with-start. The signal carries a count only: the events stay in
 * Postgres, and workflow history stays free of roster data. Nothing here waits for SCIM.
 * Deliveries that arrive while a wake-up is in flight share the next one (CoalescedWake).
 */
export async function deliverEvents(
  deps: ApiDeps,
  provider: ProviderRow,
  events: readonly ReceivedWebhookEvent[],
): Promise<{ stored: number; duplicates: number }> {
  const unique = [...new Map(events.map((event) => [event.eventId, event])).values()];
  const { stored, duplicates } = await storeWebhookEvents(
    deps.db,
    unique.map((event) => ({ tenantId: provider.tenantId, providerId: provider.id, ...event })),
  );
  const target = { tenantId: provider.tenantId, actor: webhookActor(provider), targetType: 'provider', targetId: provider.id };
  if (stored.length > 0) await recordAudit(deps.db, { ...target, action: 'webhook.accepted', outcome: 'success', details: { events: stored.length } });
  const repeated = events.length - stored.length;
  if (repeated > 0) {
    await recordAudit(deps.db, {
      ...target,
      action: 'webhook.duplicate',
      outcome: 'skipped',
      details: { events: repeated, eventIds: duplicates.slice(0, 20) },
    });
  }

  // A redelivery of events still pending wakes the workflow too: the earlier signal may have failed.
  if (stored.length > 0 || (await anyPending(deps.db, provider.id, duplicates))) await wakeEventWorkflow(deps, provider, stored.length);
  return { stored: stored.length, duplicates: repeated };
}

/** Per Temporal client (one per app): deliveries arriving while a wake-up is in flight share the next one. */
const coalescedWakes = new WeakMap<Client, CoalescedWake>();

async function wakeEventWorkflow(deps: ApiDeps, provider: ProviderRow, count: number): Promise<void> {
  const { client, taskQueue } = deps.temporal;
  let wakes = coalescedWakes.get(client);
  if (!wakes) coalescedWakes.set(client, (wakes = new CoalescedWake()));
  const target = { tenantId: provider.tenantId, providerId: provider.id, providerKind: provider.kind, providerName: provider.name };
  try {
    await wakes.wake(`${provider.tenantId}/${provider.id}`, count, (summed) => wakeProviderEvents(client, taskQueue, target, summed));
  } catch (error) {
    deps.logger.error({ err: error, providerId: provider.id }, 'webhook events stored but the event workflow could not be signalled');
    throw new ApiError(503, 'event_workflow_unavailable', 'events stored; the event workflow could not be reached, redeliver to retry');
  }
}
