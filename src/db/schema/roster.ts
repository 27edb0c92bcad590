import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

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
    /** rawHash() of the payload as fetched (jsonb does not keep its key order, so it is hashed before storing). */
    rawHash: text('raw_hash'),
  },
  // A Clever user with two roles is listed on two role pages: the key keeps one copy.
  (table) => [primaryKey({ columns: [table.runId, table.kind, table.sourceId] }), index('sis_staging_page_idx').on(table.runId, table.kind, table.page)],
);

/**
 * The roster mirror: the current canonical record of every SIS entity the provider has shown
 * us, with the hash of the record and of the SCIM document it maps to, the last run that
 * changed it, and a deletion mark. A row is written only when it changes, so a run that finds
 * nothing new writes nothing here; what a run saw is kept in sync_seen_key_sets instead.
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
    /** Users and sections: hash of the SCIM document the record maps to, set when it is transformed; the planner compares it with the applied hash. */
    desiredHash: text('desired_hash'),
    /**
     * Hash of the SIS payload the record was transformed from (src/domain/raw-hash.ts): a full
     * sync that fetches the same payload again records it as seen and does not stage or
     * transform it. Null when the record came another way (change feed, webhook).
     */
    rawHash: text('raw_hash'),
    /** Users and sections: fingerprint of the lookups and settings desired_hash was computed with; the sync remaps rows computed with others. */
    mappingHash: text('mapping_hash'),
    /** The last run that inserted, changed or deleted the record: incremental runs plan only these. */
    changedRunId: uuid('changed_run_id'),
    /** The run that learned the record is gone (a Clever *.deleted event, a OneRoster tobedeleted, or a full sync that no longer saw it). */
    deletedRunId: uuid('deleted_run_id'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.providerId, table.kind, table.sourceId] }),
    index('roster_records_changed_idx').on(table.providerId, table.kind, table.changedRunId),
    // Memberships are planned section by section and user changes touch their sections: both look enrollments up by reference.
    index('roster_records_enrollment_section_idx')
      .on(table.providerId, sql`(${table.data}->>'sectionId')`)
      .where(sql`${table.kind} = 'enrollments'`),
    index('roster_records_enrollment_user_idx')
      .on(table.providerId, sql`(${table.data}->>'userId')`)
      .where(sql`${table.kind} = 'enrollments'`),
  ],
);

/**
 * The keys a full or selective run saw, so its sweep can tell unseen records without
 * rewriting every mirror row: one row per page or batch that saw them, the keys as one array
 * (a 100k resync sees ~600k keys; one index entry per key cost Postgres more than the
 * comparison that found them). A retried page may add its keys again; readers take the set.
 * Cleared when the run finishes.
 */
export const syncSeenKeySets = pgTable(
  'sync_seen_key_sets',
  {
    runId: uuid('run_id').notNull(),
    kind: text('kind').notNull(),
    keys: text('keys').array().notNull(),
  },
  (table) => [index('sync_seen_key_sets_run_idx').on(table.runId, table.kind)],
);

/**
 * SIS pages a full sync has read, by the hash of the page as the SIS sent it
 * (`RawPage.digest`): the mirror key and raw hash of each of its records, in order. A later
 * full sync that reads a page with the same digest compares it with the mirror from these,
 * without hashing its records (src/db/queries/sis-page-digests.ts). Only the pages the
 * provider's last full sync read are kept.
 */
export const sisPageDigests = pgTable(
  'sis_page_digests',
  {
    providerId: uuid('provider_id').notNull(),
    kind: text('kind').notNull(),
    digest: text('digest').notNull(),
    keys: text('keys').array().notNull(),
    rawHashes: text('raw_hashes').array().notNull(),
    /** The last run that read the page. */
    runId: uuid('run_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.providerId, table.kind, table.digest] })],
);

/**
 * userNames held in a tenant, one per user, claimed when the user is first transformed. The
 * key is the lowercased name: a claim that conflicts tries the next suffix, so names stay
 * unique across providers without reading every name of the tenant.
 */
export const userNameClaims = pgTable(
  'user_name_claims',
  {
    tenantId: text('tenant_id').notNull(),
    userNameKey: text('user_name_key').notNull(),
    userName: text('user_name').notNull(),
    providerId: uuid('provider_id').notNull(),
    sourceId: text('source_id').notNull(),
  },
  (table) => [primaryKey({ columns: [table.tenantId, table.userNameKey] }), uniqueIndex('user_name_claims_user_idx').on(table.providerId, table.sourceId)],
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
