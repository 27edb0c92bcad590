import { defineSignal } from '@temporalio/workflow';

/**
 * The contract between the webhook routes and the per-(tenant, provider) event workflow.
 * The events themselves live in Postgres (webhook_events): the signal is only a wake-up, so
 * no roster data ever enters workflow history.
 */

export const PROVIDER_EVENTS_WORKFLOW = 'providerEvents';

export interface ProviderEventsInput {
  tenantId: string;
  providerId: string;
  /** Set by the workflow itself when it continues as new: events announced but not yet run. */
  pendingEvents?: number;
}

/** How many newly stored events this delivery announced (0: a redelivery of pending ones). */
export interface EventsArrived {
  count: number;
}

export const eventsArrivedSignal = defineSignal<[EventsArrived]>('eventsArrived');

/** One long-lived event workflow per (tenant, provider); signal-with-start targets it by id. */
export function providerEventsWorkflowId(tenantId: string, providerId: string): string {
  return `events/${tenantId}/${providerId}`;
}
