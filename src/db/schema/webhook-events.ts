import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { providers, tenants } from './tenants.js';

export const WEBHOOK_EVENT_STATUSES = ['pending', 'claimed', 'applied'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * Change notifications a provider pushed to the webhook routes, verified and stored once per
 * (provider, event id). Postgres owns the events; the provider's event workflow only hears a
 * payload-free wake-up, and a webhook sync run claims pending events, applies them to the
 * roster mirror and marks them applied when it completes (pending again if it does not).
 */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    /** Clever: the event id. ClassLink: the notification's own id or a digest of collection, sourcedId and timestamp. */
    eventId: text('event_id').notNull(),
    /** The record type the event is about (`users`, `sections`, … as the provider names it). */
    kind: text('kind').notNull(),
    /** Clever: the event object as received. ClassLink: `{ collection, sourcedId }`. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: WEBHOOK_EVENT_STATUSES }).notNull().default('pending'),
    /** The sync_runs id of the run that claimed (and, once applied, applied) the event. */
    claimedByRun: uuid('claimed_by_run'),
  },
  (table) => [
    uniqueIndex('webhook_events_provider_event_idx').on(table.providerId, table.eventId),
    index('webhook_events_pending_idx').on(table.providerId, table.status, table.eventId),
    index('webhook_events_run_idx').on(table.claimedByRun),
  ],
);
