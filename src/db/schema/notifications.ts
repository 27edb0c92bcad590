import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { NotificationEventType } from '../../domain/notifications.js';
import { tenants } from './tenants.js';

/**
 * A URL a tenant registered for signed event notifications. The HMAC secret lives in the
 * secrets store under `secretPath`; the row keeps only where it is and how the last delivery went.
 */
export const notificationEndpoints = pgTable(
  'notification_endpoints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    /** Event types delivered here; empty = every type. */
    events: jsonb('events').$type<NotificationEventType[]>().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    description: text('description'),
    secretPath: text('secret_path').notNull(),
    lastDeliveryAt: timestamp('last_delivery_at', { withTimezone: true }),
    /** `delivered`, or why the last attempt failed (HTTP status or network error). */
    lastDeliveryResult: text('last_delivery_result'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('notification_endpoints_tenant_idx').on(table.tenantId)],
);
