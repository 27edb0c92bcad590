import { boolean, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';

/**
 * What the bridge has applied to the tenant's SCIM target: one row per User/Group with its
 * SCIM id and the hash of the document last written. Written in the same transaction as the
 * audit entry of that write, so the two never disagree.
 */
export const scimResources = pgTable(
  'scim_resources',
  {
    providerId: uuid('provider_id').notNull(),
    resourceType: text('resource_type', { enum: ['User', 'Group'] }).notNull(),
    sourceId: text('source_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    scimId: text('scim_id').notNull(),
    externalId: text('external_id').notNull(),
    /**
     * Users only; once assigned it never changes: it is the person's sign-in name on the
     * target, and a later email change in the SIS must not rename their account.
     */
    userName: text('user_name'),
    appliedHash: text('applied_hash').notNull(),
    /** The document last written, so a plan can say which attributes an update changes. */
    appliedDocument: jsonb('applied_document').$type<Record<string, unknown>>().notNull(),
    active: boolean('active').notNull().default(true),
    deprovisionedAt: timestamp('deprovisioned_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.providerId, table.resourceType, table.sourceId] }),
    uniqueIndex('scim_resources_tenant_username_idx')
      .on(table.tenantId, table.userName)
      .where(sql`${table.userName} is not null`),
    index('scim_resources_scim_id_idx').on(table.tenantId, table.scimId),
  ],
);

/** Group members as applied (by roster source id), so membership changes are diffs, never read back. */
export const scimGroupMembers = pgTable(
  'scim_group_members',
  {
    providerId: uuid('provider_id').notNull(),
    groupSourceId: text('group_source_id').notNull(),
    userSourceId: text('user_source_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.groupSourceId, table.userSourceId] })],
);

/**
 * Groups whose applied members may differ from the desired ones for a reason the next full
 * sync cannot see in this run's changes: a membership patch planned and not yet applied
 * (failed, crashed, dry run) or a record corrected by the target read-back. A full sync diffs
 * the members of these and of the sections its own changes touch, not of every section.
 */
export const scimUnsettledMembers = pgTable(
  'scim_unsettled_members',
  {
    providerId: uuid('provider_id').notNull(),
    groupSourceId: text('group_source_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.groupSourceId] })],
);
