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
