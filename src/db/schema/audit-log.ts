import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only record of every API mutation and every SCIM write. A database trigger
 * (migration 0001) rejects UPDATE and DELETE so history cannot be rewritten by the app.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    tenantId: text('tenant_id'),
    runId: uuid('run_id'),
    /** Who did it: `system`, `schedule`, an API token id, `webhook:<provider>`. */
    actor: text('actor').notNull(),
    /** What happened, dotted: `scim.user.create`, `provider.update`, `seat.allocate`. */
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'skipped'] }).notNull(),
    /** Never holds credentials or full roster records; changed field names and errors only. */
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (table) => [index('audit_log_tenant_at_idx').on(table.tenantId, table.at), index('audit_log_run_idx').on(table.runId)],
);
