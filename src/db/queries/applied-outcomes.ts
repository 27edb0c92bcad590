import { sql } from 'drizzle-orm';
import type { Database } from '../database.js';

/**
 * The set-based writes that record an apply batch's outcomes (src/sync/apply/record-outcomes.ts):
 * applied SCIM state, plan item status and audit entries. Each statement takes its rows as
 * one JSON parameter (jsonb_to_recordset) instead of a multi-row VALUES list: the query
 * builder's per-bound-value cost (about 2,000 values a batch) was the apply's largest
 * database-side CPU item in the worker.
 */

/** A User or Group as just written to the target. */
export interface AppliedResourceRow {
  resourceType: 'User' | 'Group';
  sourceId: string;
  scimId: string;
  externalId: string;
  userName: string | null;
  appliedHash: string;
  appliedDocument: Record<string, unknown>;
}

/** One audit entry of a SCIM write. */
export interface WriteAuditEntry {
  action: string;
  targetType: string;
  targetId: string;
  outcome: 'success' | 'failure';
  details: Record<string, unknown>;
}

export interface AppliedScope {
  tenantId: string;
  providerId: string;
  runId: string;
}

/** Records written resources as active, live and last written now (insert or replace). */
export async function upsertAppliedResources(db: Database, scope: AppliedScope, rows: readonly AppliedResourceRow[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  const payload = rows.map((row) => ({
    resource_type: row.resourceType,
    source_id: row.sourceId,
    scim_id: row.scimId,
    external_id: row.externalId,
    user_name: row.userName,
    applied_hash: row.appliedHash,
    applied_document: row.appliedDocument,
  }));
  await db.execute(sql`insert into scim_resources (provider_id, tenant_id, resource_type, source_id, scim_id, external_id, user_name,
      applied_hash, applied_document, active, deprovisioned_at, updated_at)
    select ${scope.providerId}::uuid, ${scope.tenantId}, r.resource_type, r.source_id, r.scim_id, r.external_id, r.user_name,
      r.applied_hash, r.applied_document, true, null, ${at.toISOString()}::timestamptz
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
      as r(resource_type text, source_id text, scim_id text, external_id text, user_name text, applied_hash text, applied_document jsonb)
    on conflict (provider_id, resource_type, source_id) do update
    set tenant_id = excluded.tenant_id, scim_id = excluded.scim_id, external_id = excluded.external_id, user_name = excluded.user_name,
      applied_hash = excluded.applied_hash, applied_document = excluded.applied_document, active = excluded.active,
      deprovisioned_at = excluded.deprovisioned_at, updated_at = excluded.updated_at`);
}

/** Marks plan items applied. */
export async function markPlanItemsApplied(db: Database, runId: string, seqs: readonly number[], at: Date): Promise<void> {
  if (seqs.length === 0) return;
  if (!seqs.every((seq) => Number.isSafeInteger(seq))) throw new Error('plan item seqs must be integers');
  // A literal integer array, not a JSON parameter: the planner then sees how few rows it asks
  // for and takes the primary key even when the table's statistics date from before the plan.
  await db.execute(sql`update sync_plan_items set status = 'applied', error = null, applied_at = ${at.toISOString()}::timestamptz
    where run_id = ${runId}::uuid and seq = any(${sql.raw(`'{${seqs.join(',')}}'::int[]`)})`);
}

/** Appends the audit entries of a run's SCIM writes, actor `system`. */
export async function appendWriteAudit(db: Database, scope: AppliedScope, entries: readonly WriteAuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const payload = entries.map((entry) => ({
    action: entry.action,
    target_type: entry.targetType,
    target_id: entry.targetId,
    outcome: entry.outcome,
    details: entry.details,
  }));
  await db.execute(sql`insert into audit_log (tenant_id, run_id, actor, action, target_type, target_id, outcome, details)
    select ${scope.tenantId}, ${scope.runId}::uuid, 'system', r.action, r.target_type, r.target_id, r.outcome, r.details
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as r(action text, target_type text, target_id text, outcome text, details jsonb)`);
}
