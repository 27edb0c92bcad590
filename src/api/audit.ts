import type { AuditEntry } from '../db/queries/audit-log.js';
import { actorOf, type Principal } from './auth/principal.js';

/** An audit entry for an API mutation: who (token id or `admin`), what, on which target, how it ended. */
export function apiAudit(
  principal: Principal,
  tenantId: string,
  action: string,
  target: { type: string; id: string },
  outcome: AuditEntry['outcome'] = 'success',
  details?: Record<string, unknown>,
): AuditEntry {
  return { tenantId, actor: actorOf(principal), action, targetType: target.type, targetId: target.id, outcome, ...(details ? { details } : {}) };
}
