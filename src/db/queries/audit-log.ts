import { and, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Database } from '../database.js';
import { auditLog } from '../schema/index.js';

export type AuditEntry = typeof auditLog.$inferInsert;

/** Appends one entry; returns its id. Callers pass a transaction to make it atomic with a change. */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<number> {
  const [row] = await db.insert(auditLog).values(entry).returning({ id: auditLog.id });
  if (!row) throw new Error('audit insert returned no row');
  return row.id;
}

export interface AuditQuery {
  tenantId: string;
  runId?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  offset: number;
}

export async function listAudit(db: Database, query: AuditQuery) {
  const conditions: SQL[] = [eq(auditLog.tenantId, query.tenantId)];
  if (query.runId) conditions.push(eq(auditLog.runId, query.runId));
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  if (query.actor) conditions.push(eq(auditLog.actor, query.actor));
  if (query.from) conditions.push(gte(auditLog.at, query.from));
  if (query.to) conditions.push(lte(auditLog.at, query.to));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(query.limit)
    .offset(query.offset);
}
