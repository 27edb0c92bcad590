import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { SEAT_REASONS, SEAT_STATES } from '../../domain/seats/seat-state.js';
import type { SeatEligibility } from '../../domain/seats/eligibility.js';
import { tenants } from './tenants.js';

export const DEFAULT_GRACE_PERIOD_SECONDS = 7 * 24 * 3600;

/**
 * A tenant's licence pool: who is eligible, how many seats, how long a seat survives losing
 * eligibility. `id` is chosen by the API caller (PUT), unique within the tenant.
 */
export const seatPools = pgTable(
  'seat_pools',
  {
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** Licence SKU; with TENANT_SERVICE_URL set, the capacity of this SKU comes from the Tenant Service. */
    sku: text('sku'),
    /** Seats when the Tenant Service does not decide (no TENANT_SERVICE_URL, or no SKU). */
    capacity: integer('capacity').notNull(),
    /** Capacity used by the last reconcile (from the Tenant Service or `capacity`), for the API. */
    effectiveCapacity: integer('effective_capacity'),
    eligibility: jsonb('eligibility').$type<SeatEligibility>().notNull(),
    gracePeriodSeconds: integer('grace_period_seconds').notNull().default(DEFAULT_GRACE_PERIOD_SECONDS),
    /** Reflect seat holders as members of one SCIM Group ("Seat: <name>"). */
    scimGroup: boolean('scim_group').notNull().default(true),
    /** The seat Group as applied on the tenant's SCIM target. */
    scimGroupId: text('scim_group_id'),
    scimGroupName: text('scim_group_name'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.id] })],
);

/** Who holds, awaits or held a seat of a pool. Rows are kept after release (history, re-entry). */
export const seatAssignments = pgTable(
  'seat_assignments',
  {
    tenantId: text('tenant_id').notNull(),
    poolId: text('pool_id').notNull(),
    providerId: uuid('provider_id').notNull(),
    /** Roster user source id (as in roster_records and scim_resources). */
    userSourceId: text('user_source_id').notNull(),
    state: text('state', { enum: SEAT_STATES }).notNull(),
    reason: text('reason', { enum: SEAT_REASONS }).notNull(),
    /** Priority: 0 teacher, 1 student. */
    rank: integer('rank').notNull(),
    /** First seen eligible (continuously since): the "earliest enrollment" of the priority. */
    eligibleSince: timestamp('eligible_since', { withTimezone: true }).notNull(),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    waitlistedAt: timestamp('waitlisted_at', { withTimezone: true }),
    graceStartedAt: timestamp('grace_started_at', { withTimezone: true }),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    /** Member of the pool's SCIM seat Group as applied (never read back from SCIM). */
    scimMember: boolean('scim_member').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.tenantId, table.poolId, table.providerId, table.userSourceId] }),
    foreignKey({ columns: [table.tenantId, table.poolId], foreignColumns: [seatPools.tenantId, seatPools.id] }).onDelete('cascade'),
    index('seat_assignments_live_idx')
      .on(table.tenantId, table.poolId, table.state)
      .where(sql`${table.state} <> 'released'`),
    index('seat_assignments_user_idx').on(table.tenantId, table.userSourceId),
  ],
);
