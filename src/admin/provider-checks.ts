import { recordAudit } from '../db/queries/audit-log.js';
import type { SisConnection } from '../providers/index.js';
import { isAdminError } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { assertOutboundUrl } from './outbound-policy.js';
import { verifySisConnection } from './sis-probe.js';

/**
 * Before anything is written: the URL must pass the caller's outbound policy, then the SIS at
 * that URL must accept the credentials and answer as the SIS. A refusal by the SIS (or no
 * answer) is audited as a failed `action`; a malformed request is not (it changed nothing and
 * reached nobody).
 */
export async function checkSisConnection(
  deps: AdminDeps,
  caller: AdminCaller,
  connection: SisConnection,
  audit: { tenantId: string; action: string; targetId: string },
): Promise<void> {
  await assertOutboundUrl(connection.baseUrl, 'body.connection.baseUrl', { allowPrivateAddresses: caller.allowPrivateAddresses });
  try {
    await verifySisConnection(connection, deps.verifySis);
  } catch (error) {
    if (isAdminError(error) && error.kind !== 'invalid') {
      await recordAudit(
        deps.db,
        adminAudit(caller, audit.tenantId, audit.action, { type: 'provider', id: audit.targetId }, 'failure', { step: 'sis_check', code: error.code }),
      );
    }
    throw error;
  }
}
