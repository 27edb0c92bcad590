import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../database.js';
import { webhookEvents } from '../schema/index.js';

export type WebhookEventRow = typeof webhookEvents.$inferSelect;
export type NewWebhookEvent = Pick<typeof webhookEvents.$inferInsert, 'tenantId' | 'providerId' | 'eventId' | 'kind' | 'payload'>;

/**
 * Stores what is new and ignores what is already stored (the unique (provider, event id)
 * index decides, so concurrent deliveries of one event store it once). Returns the event ids
 * stored by this call and those that were duplicates.
 */
export async function storeWebhookEvents(db: Database, events: readonly NewWebhookEvent[]): Promise<{ stored: string[]; duplicates: string[] }> {
  if (events.length === 0) return { stored: [], duplicates: [] };
  const rows = await db
    .insert(webhookEvents)
    .values([...events])
    .onConflictDoNothing({ target: [webhookEvents.providerId, webhookEvents.eventId] })
    .returning({ eventId: webhookEvents.eventId });
  const stored = new Set(rows.map((row) => row.eventId));
  return { stored: [...stored], duplicates: [...new Set(events.map((event) => event.eventId).filter((id) => !stored.has(id)))] };
}

/** Whether any of these events of the provider still waits to be applied (a redelivery should wake the workflow). */
export async function anyPending(db: Database, providerId: string, eventIds: readonly string[]): Promise<boolean> {
  if (eventIds.length === 0) return false;
  const [row] = await db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.providerId, providerId), eq(webhookEvents.status, 'pending'), inArray(webhookEvents.eventId, [...eventIds])))
    .limit(1);
  return row !== undefined;
}

/**
 * Claims up to `limit` pending events of the provider for a run, in event-id order. Rows
 * another transaction holds are skipped, so two claimers never take the same event.
 */
export async function claimPendingEvents(db: Database, params: { providerId: string; runId: string; limit: number }): Promise<WebhookEventRow[]> {
  const next = db
    .select({ id: webhookEvents.id })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.providerId, params.providerId), eq(webhookEvents.status, 'pending')))
    .orderBy(asc(webhookEvents.eventId))
    .limit(params.limit)
    .for('update', { skipLocked: true });
  const rows = await db.update(webhookEvents).set({ status: 'claimed', claimedByRun: params.runId }).where(inArray(webhookEvents.id, next)).returning();
  return rows.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}

/** A finished run's claimed events: applied when it completed, pending again (for the next run) when not. */
export async function settleClaimedEvents(db: Database, runId: string, completed: boolean): Promise<number> {
  const rows = await db
    .update(webhookEvents)
    .set(completed ? { status: 'applied' } : { status: 'pending', claimedByRun: null })
    .where(and(eq(webhookEvents.claimedByRun, runId), eq(webhookEvents.status, 'claimed')))
    .returning({ id: webhookEvents.id });
  return rows.length;
}
