import { and, asc, eq, sql } from 'drizzle-orm';
import type { NotificationEventType } from '../../domain/notifications.js';
import type { Database } from '../database.js';
import { notificationEndpoints } from '../schema/index.js';

export type NotificationEndpointRow = typeof notificationEndpoints.$inferSelect;
export type NotificationEndpointChanges = Partial<Pick<NotificationEndpointRow, 'url' | 'events' | 'enabled' | 'description'>>;

export async function insertNotificationEndpoint(db: Database, endpoint: typeof notificationEndpoints.$inferInsert): Promise<NotificationEndpointRow> {
  const [row] = await db.insert(notificationEndpoints).values(endpoint).returning();
  if (!row) throw new Error('notification endpoint insert returned no row');
  return row;
}

export async function getNotificationEndpoint(db: Database, tenantId: string, id: string): Promise<NotificationEndpointRow | undefined> {
  const [row] = await db
    .select()
    .from(notificationEndpoints)
    .where(and(eq(notificationEndpoints.tenantId, tenantId), eq(notificationEndpoints.id, id)));
  return row;
}

export function listNotificationEndpoints(db: Database, tenantId: string): Promise<NotificationEndpointRow[]> {
  return db
    .select()
    .from(notificationEndpoints)
    .where(eq(notificationEndpoints.tenantId, tenantId))
    .orderBy(asc(notificationEndpoints.createdAt), asc(notificationEndpoints.id));
}

/** Ids of the tenant's enabled endpoints that take `type` (an empty subscription takes every type). */
export async function endpointsSubscribedTo(db: Database, tenantId: string, type: NotificationEventType): Promise<string[]> {
  const rows = await db
    .select({ id: notificationEndpoints.id })
    .from(notificationEndpoints)
    .where(
      and(
        eq(notificationEndpoints.tenantId, tenantId),
        eq(notificationEndpoints.enabled, true),
        sql`(jsonb_array_length(${notificationEndpoints.events}) = 0 or ${notificationEndpoints.events} @> ${JSON.stringify([type])}::jsonb)`,
      ),
    )
    .orderBy(asc(notificationEndpoints.createdAt), asc(notificationEndpoints.id));
  return rows.map((row) => row.id);
}

export async function updateNotificationEndpoint(
  db: Database,
  tenantId: string,
  id: string,
  changes: NotificationEndpointChanges,
): Promise<NotificationEndpointRow | undefined> {
  const [row] = await db
    .update(notificationEndpoints)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(notificationEndpoints.tenantId, tenantId), eq(notificationEndpoints.id, id)))
    .returning();
  return row;
}

export async function deleteNotificationEndpoint(db: Database, tenantId: string, id: string): Promise<NotificationEndpointRow | undefined> {
  const [row] = await db
    .delete(notificationEndpoints)
    .where(and(eq(notificationEndpoints.tenantId, tenantId), eq(notificationEndpoints.id, id)))
    .returning();
  return row;
}

/** Where the last delivery attempt got to, for the API's view of the endpoint. */
export async function recordDeliveryResult(db: Database, id: string, result: string): Promise<void> {
  await db
    .update(notificationEndpoints)
    .set({ lastDeliveryAt: new Date(), lastDeliveryResult: result.slice(0, 500) })
    .where(eq(notificationEndpoints.id, id));
}
