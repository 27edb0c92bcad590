import type { RouteHandler } from '@hono/zod-openapi';
import { listAudit } from '../../../db/queries/audit-log.js';
import { listPlanItems } from '../../../db/queries/sync-plan-items.js';
import { getSyncRun } from '../../../db/queries/sync-runs.js';
import type { AppEnv } from '../../app-env.js';
import { ApiError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { iso } from '../../openapi/common.js';
import type { listAuditEntries, runChangesCsv } from './audit.routes.js';
import { changesCsv } from './changes-csv.js';

export const list: RouteHandler<typeof listAuditEntries, AppEnv> = async (c) => {
  const { tenant_id } = c.req.valid('param');
  const query = c.req.valid('query');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const rows = await listAudit(db, { tenantId: tenant_id, ...query });
  const items = rows.map((row) => ({
    id: row.id,
    at: iso(row.at),
    runId: row.runId,
    actor: row.actor,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    details: row.details ?? null,
  }));
  return c.json({ items, limit: query.limit, offset: query.offset }, 200);
};

export const changes: RouteHandler<typeof runChangesCsv, AppEnv> = async (c) => {
  const { tenant_id, run_id } = c.req.valid('param');
  const { db } = c.get('deps');
  await requireTenant(db, tenant_id);
  const run = await getSyncRun(db, tenant_id, run_id);
  if (!run) throw new ApiError(404, 'run_not_found', `tenant "${tenant_id}" has no run ${run_id}`);
  const csv = changesCsv(await listPlanItems(db, run_id));
  return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="run-${run_id}-changes.csv"` });
};
