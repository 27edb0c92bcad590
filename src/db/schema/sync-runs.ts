import { boolean, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { SyncCounts } from '../../domain/sync-vocabulary.js';
import { providers, tenants } from './tenants.js';

export const SYNC_RUN_STATUSES = ['running', 'awaiting_approval', 'completed', 'failed', 'cancelled'] as const;
export type SyncRunStatus = (typeof SYNC_RUN_STATUSES)[number];

/** One sync of one (tenant, provider): the durable summary that outlives the workflow's history. */
export const syncRuns = pgTable(
  'sync_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    providerId: uuid('provider_id')
      .notNull()
      .references(() => providers.id, { onDelete: 'cascade' }),
    workflowId: text('workflow_id').notNull(),
    workflowRunId: text('workflow_run_id'),
    mode: text('mode', { enum: ['full', 'incremental', 'selective'] }).notNull(),
    trigger: text('trigger', { enum: ['api', 'schedule', 'webhook', 'test'] }).notNull(),
    dryRun: boolean('dry_run').notNull().default(false),
    /** Selective sync scope (entities, school ids, roles, grades). */
    scope: jsonb('scope').$type<Record<string, unknown>>(),
    status: text('status', { enum: SYNC_RUN_STATUSES }).notNull().default('running'),
    counts: jsonb('counts').$type<SyncCounts>(),
    /** Incremental high-water mark stored after changes are applied (Clever event id / OneRoster timestamp). */
    cursor: text('cursor'),
    /** Why a run failed, fell back to full, or was cancelled. */
    message: text('message'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (table) => [index('sync_runs_tenant_started_idx').on(table.tenantId, table.startedAt)],
);
