import type { Database } from '../db/database.js';
import type { AuditEntry } from '../db/queries/audit-log.js';
import type { Logger } from '../logging/logger.js';
import type { SecretStore } from '../secrets/secret-store.js';
import type { RunningSync } from '../temporal/api-client.js';
import type { SyncSchedules } from '../temporal/schedules.js';
import type { ScimProber } from './scim-probe.js';
import type { SisVerifier } from './sis-probe.js';

/**
 * What tenant administration (providers, SCIM targets) works with. The three owners of a
 * provider's state are separate dependencies — the row in `db`, the credentials in `secrets`,
 * the schedule in `schedules` — so a change can be made all-or-nothing across them, and a test
 * can make any one of them fail by wrapping it.
 */
export interface AdminDeps {
  db: Database;
  secrets: SecretStore;
  schedules: SyncSchedules;
  logger: Logger;
  /** Task queue the schedules start syncs on (TEMPORAL_TASK_QUEUE). */
  taskQueue: string;
  /** DEFAULT_SYNC_INTERVAL, seconds. */
  defaultSyncIntervalSeconds: number;
  findRunningSync(tenantId: string, providerId: string): Promise<RunningSync | undefined>;
  /** The SIS credential check; default: the real SIS client (redirects refused). */
  verifySis?: SisVerifier;
  /** The SCIM target probe; default: /ServiceProviderConfig and /Users over HTTP. */
  probeScim?: ScimProber;
}

/** Who asks: the audit actor, and whether the outbound policy lets them name private addresses. */
export interface AdminCaller {
  /** `admin` or the API token id (never the token). */
  actor: string;
  /** True for the admin token, or for everyone with OUTBOUND_ALLOW_PRIVATE_ADDRESSES. */
  allowPrivateAddresses: boolean;
}

export function adminAudit(
  caller: AdminCaller,
  tenantId: string,
  action: string,
  target: { type: string; id: string },
  outcome: AuditEntry['outcome'],
  details?: Record<string, unknown>,
): AuditEntry {
  return { tenantId, actor: caller.actor, action, targetType: target.type, targetId: target.id, outcome, ...(details ? { details } : {}) };
}
