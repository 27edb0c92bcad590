import { boolean, integer, jsonb, pgTable, text, timestamp, uuid, index, uniqueIndex } from 'drizzle-orm/pg-core';

/** Per-tenant options that shape identities on the SCIM side (defaults: src/domain/mapping-settings.ts). */
export interface TenantSettings {
  /** Ordered userName templates, e.g. ["{email}", "{sisId}@{domain}"]. */
  usernameTemplates?: string[];
  /** Domain for synthesized emails / userNames when the SIS has none. */
  emailDomain?: string;
  deprovisionPolicy?: 'deactivate' | 'delete';
  /** Hold deprovisions when a run would remove more than this many / this share of users. */
  deletionThreshold?: { count?: number; percent?: number };
  /** Read the target back on full syncs and repair drift (`full`, the default) or not (`never`). */
  verifyTarget?: 'never' | 'full';
}

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<TenantSettings>().notNull().default({}),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Where and how to reach a SIS; credentials live in the secrets store under `secretPath`. */
export interface ProviderConnection {
  baseUrl: string;
  /** Clever district id. */
  districtId?: string;
}

export interface ProviderWebhookSettings {
  /** CIDR ranges allowed to call the webhook; empty = any. */
  ipAllowlist?: string[];
  /** Read the client address from X-Forwarded-For (only behind a trusted proxy). */
  trustProxy?: boolean;
}

export const providers = pgTable(
  'providers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['clever', 'classlink'] }).notNull(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    connection: jsonb('connection').$type<ProviderConnection>().notNull(),
    scheduleIntervalSeconds: integer('schedule_interval_seconds').notNull(),
    /** Mapping overrides on top of the tenant settings. */
    mapping: jsonb('mapping').$type<TenantSettings>().notNull().default({}),
    webhook: jsonb('webhook').$type<ProviderWebhookSettings>().notNull().default({}),
    /** Secrets-store path of the credentials (never the credentials themselves). */
    secretPath: text('secret_path').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('providers_tenant_idx').on(table.tenantId), uniqueIndex('providers_tenant_name_idx').on(table.tenantId, table.name)],
);
