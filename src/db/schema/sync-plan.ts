import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const PLAN_OPS = ['create', 'update', 'deprovision', 'members'] as const;
export type PlanOp = (typeof PLAN_OPS)[number];
export const PLAN_ITEM_STATUSES = ['pending', 'applied', 'failed', 'held', 'discarded'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

export interface PlanItemDetails {
  /** update: the SCIM attributes that changed. */
  changedFields?: string[];
  /** members: roster user ids to add / remove. */
  add?: string[];
  remove?: string[];
  /** deprovision: 'deactivate' | 'delete'. */
  policy?: 'deactivate' | 'delete';
  /** create (User): the userName the user claimed when first transformed. */
  userName?: string;
}

/**
 * A run's plan: every SCIM change it intends, in apply order (`batch`). A dry run stops after
 * writing it; a real run marks each item applied/failed as it goes, so a retried batch skips
 * what is done and the plan doubles as the run's change report.
 */
export const syncPlanItems = pgTable(
  'sync_plan_items',
  {
    runId: uuid('run_id').notNull(),
    seq: integer('seq').notNull(),
    batch: integer('batch').notNull(),
    op: text('op', { enum: PLAN_OPS }).notNull(),
    resourceType: text('resource_type', { enum: ['User', 'Group'] }).notNull(),
    sourceId: text('source_id').notNull(),
    status: text('status', { enum: PLAN_ITEM_STATUSES }).notNull().default('pending'),
    details: jsonb('details').$type<PlanItemDetails>().notNull().default({}),
    error: jsonb('error').$type<{ status?: number; scimType?: string; detail: string }>(),
    appliedAt: timestamp('applied_at', { withTimezone: true }),
  },
  (table) => [primaryKey({ columns: [table.runId, table.seq] }), index('sync_plan_items_batch_idx').on(table.runId, table.batch, table.status)],
);

/** What one planning part covers: a bounded key range, so parts plan side by side on any worker. */
export const PLAN_PART_KINDS = ['users', 'groups', 'members', 'orphans'] as const;
export type PlanPartKind = (typeof PLAN_PART_KINDS)[number];

/**
 * A run's planning divided into parts: users and sections by mirror key range, memberships by
 * section key range, and one part for applied resources the mirror no longer holds at all.
 * Cleared with the run's plan when it is re-planned.
 */
export const syncPlanParts = pgTable(
  'sync_plan_parts',
  {
    runId: uuid('run_id').notNull(),
    part: integer('part').notNull(),
    kind: text('kind', { enum: PLAN_PART_KINDS }).notNull(),
    lowKey: text('low_key').notNull(),
    highKey: text('high_key').notNull(),
  },
  (table) => [primaryKey({ columns: [table.runId, table.part] })],
);
