import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

/**
 * Scratch state of one run's target verification: which recorded resources the read-back
 * found on the target, and, for one found only by its externalId under another SCIM id, that
 * id. What is left unmarked when the read-back ends is missing on the target. Rows live for
 * the duration of the verification and are deleted when it finishes.
 */
export const targetVerifyMarks = pgTable(
  'target_verify_marks',
  {
    runId: uuid('run_id').notNull(),
    resourceType: text('resource_type', { enum: ['User', 'Group'] }).notNull(),
    sourceId: text('source_id').notNull(),
    /** Set when the recorded SCIM id itself was read back. */
    seen: text('seen', { enum: ['id', 'candidate'] }).notNull(),
    /** A resource carrying this record's externalId under another SCIM id. */
    candidateScimId: text('candidate_scim_id'),
  },
  (table) => [primaryKey({ columns: [table.runId, table.resourceType, table.sourceId] })],
);
