import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Raw SIS payloads of one run, page by page, so transform can run (and re-run after a
 * crash) without fetching again. Deleted when the run finishes.
 */
export const sisStaging = pgTable(
  'sis_staging',
  {
    runId: uuid('run_id').notNull(),
    kind: text('kind').notNull(),
    page: integer('page').notNull(),
    sourceId: text('source_id').notNull(),
    payload: jsonb('payload').notNull(),
  },
  // A Clever user with two roles is listed on two role pages: the key keeps one copy.
  (table) => [primaryKey({ columns: [table.runId, table.kind, table.sourceId] }), index('sis_staging_page_idx').on(table.runId, table.kind, table.page)],
);

/**
 * The roster mirror: the current canonical record of every SIS entity the provider has shown
 * us, with a content hash, the last run that saw it, and a deletion mark. Incremental runs
 * change it record by record; a full sync marks deleted what it no longer saw (in its scope).
 */
export const rosterRecords = pgTable(
  'roster_records',
  {
    providerId: uuid('provider_id').notNull(),
    kind: text('kind').notNull(),
    sourceId: text('source_id').notNull(),
    tenantId: text('tenant_id').notNull(),
    data: jsonb('data').notNull(),
    hash: text('hash').notNull(),
    seenRunId: uuid('seen_run_id').notNull(),
    /** The run that learned the record is gone (a Clever *.deleted event, a OneRoster tobedeleted, or a full sync that no longer saw it). */
    deletedRunId: uuid('deleted_run_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.kind, table.sourceId] }), index('roster_records_seen_idx').on(table.providerId, table.kind, table.seenRunId)],
);

/** Records the SIS sent that could not be used, per run (shown on the run, never fatal). */
export const syncRecordErrors = pgTable(
  'sync_record_errors',
  {
    runId: uuid('run_id').notNull(),
    kind: text('kind').notNull(),
    sourceId: text('source_id').notNull(),
    field: text('field'),
    message: text('message').notNull(),
  },
  (table) => [index('sync_record_errors_run_idx').on(table.runId)],
);
