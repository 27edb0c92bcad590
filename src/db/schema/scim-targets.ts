import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { tenants } from './tenants.js';

/** Per-target overrides of the discovered SCIM dialect (see src/scim/dialect.ts). */
export type ScimDialectOverrides = Record<string, unknown>;

/** A tenant's own SCIM service provider; the bearer token lives in the secrets store. */
export const scimTargets = pgTable('scim_targets', {
  tenantId: text('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  baseUrl: text('base_url').notNull(),
  dialect: jsonb('dialect').$type<ScimDialectOverrides>().notNull().default({}),
  secretPath: text('secret_path').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
