import type { Database } from '../../src/db/database.js';
import { recordAudit } from '../../src/db/queries/audit-log.js';

/** The activity of the test-only smokeCheck workflow (test/support/smoke-check-workflow.ts). */
export function createSmokeCheckActivities(deps: { db: Database }) {
  return {
    /** Writes one audit entry, proving the worker reaches the database. */
    async recordSmokeCheck(input: { tenantId: string; workflowId: string }): Promise<number> {
      return recordAudit(deps.db, {
        tenantId: input.tenantId,
        actor: 'system',
        action: 'system.smoke_check',
        targetType: 'workflow',
        targetId: input.workflowId,
        outcome: 'success',
      });
    },
  };
}
