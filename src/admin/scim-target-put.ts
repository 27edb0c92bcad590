import { recordAudit } from '../db/queries/audit-log.js';
import { getScimTarget, upsertScimTarget, type ScimTargetRow } from '../db/queries/scim-targets.js';
import { getTenant } from '../db/queries/tenants.js';
import { sameOrigin } from '../domain/base-url.js';
import type { ScimDialect } from '../scim/index.js';
import { scimTargetSecretPath } from '../secrets/secret-store.js';
import { AdminError, invalidField, isAdminError } from './admin-error.js';
import { adminAudit, type AdminCaller, type AdminDeps } from './admin-deps.js';
import { allOrNothing } from './all-or-nothing.js';
import { assertOutboundUrl } from './outbound-policy.js';
import { probeScimTarget, type SettledScimDialect } from './scim-probe.js';
import { restoreSecret } from './secret-snapshot.js';

export interface PutScimTargetInput {
  baseUrl: string;
  /** Omitted: keep the stored token, which is only ever sent to the origin it was entered for. */
  token?: string | undefined;
  dialect?: Partial<ScimDialect> | undefined;
}

/**
 * Sets the tenant's SCIM target. The token comes with the request, or is the stored one when
 * the target stays on the origin it was entered for; a new origin needs the token again.
 * The target is probed with it before anything is written, then token and row change
 * all-or-nothing.
 */
export async function putScimTarget(
  deps: AdminDeps,
  caller: AdminCaller,
  tenantId: string,
  input: PutScimTargetInput,
): Promise<{ row: ScimTargetRow; settled: SettledScimDialect | undefined }> {
  if (!(await getTenant(deps.db, tenantId))) throw new AdminError('not_found', 'tenant_not_found', `no tenant "${tenantId}"`);
  const secretPath = scimTargetSecretPath(tenantId);
  const token = input.token ?? (await storedTokenFor(deps, tenantId, input.baseUrl));
  const audit = (outcome: 'success' | 'failure', details: Record<string, unknown>) =>
    adminAudit(caller, tenantId, 'scim_target.update', { type: 'scim_target', id: tenantId }, outcome, details);

  await assertOutboundUrl(input.baseUrl, 'body.baseUrl', { allowPrivateAddresses: caller.allowPrivateAddresses });
  const dialect = input.dialect ?? {};
  let settled: SettledScimDialect | undefined;
  try {
    settled = await probeScimTarget({ baseUrl: input.baseUrl, token, dialect }, deps.probeScim);
  } catch (error) {
    if (isAdminError(error) && error.kind !== 'invalid') await recordAudit(deps.db, audit('failure', { step: 'probe', code: error.code }));
    throw error;
  }

  const row = await allOrNothing({ db: deps.db, logger: deps.logger, failureAudit: (details) => audit('failure', details) }, async (log) => {
    const newToken = input.token;
    if (newToken) {
      const previous = await log.step('secrets', () => deps.secrets.get(secretPath));
      await log.step(
        'secrets',
        () => deps.secrets.rotate(secretPath, { token: newToken }),
        () => restoreSecret(deps.secrets, secretPath, previous),
      );
    }
    return log.step('database', () =>
      deps.db.transaction(async (tx) => {
        const row = await upsertScimTarget(tx, { tenantId, baseUrl: input.baseUrl, dialect, secretPath });
        await recordAudit(tx, audit('success', { baseUrl: input.baseUrl, tokenRotated: Boolean(newToken) }));
        return row;
      }),
    );
  });
  return { row, settled };
}

async function storedTokenFor(deps: AdminDeps, tenantId: string, baseUrl: string): Promise<string> {
  const stored = await getScimTarget(deps.db, tenantId);
  const token = stored ? (await deps.secrets.get(stored.secretPath))?.token : undefined;
  // Not a malformed request but one the tenant's state does not allow yet (no token stored): 409.
  if (!stored || !token) throw new AdminError('conflict', 'token_required', 'body.token is required until the tenant has a SCIM token stored', 'body.token');
  if (!sameOrigin(stored.baseUrl, baseUrl)) {
    throw invalidField(
      'body.token',
      'must be sent again: the target moves to another origin, and the stored token is only sent to the origin it was entered for',
      'credentials_required',
    );
  }
  return token;
}
