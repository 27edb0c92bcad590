import type { Database } from '../../../db/database.js';
import { getProvider, listProviders, type ProviderRow } from '../../../db/queries/providers.js';
import { getTenant } from '../../../db/queries/tenants.js';
import type { SecretStore } from '../../../secrets/secret-store.js';
import { providerWebhookSecretPath } from '../../../secrets/secret-store.js';
import { verifySignature } from './delivery-checks.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface SignedDelivery {
  rawBody: string;
  signature: string;
  timestamp: string;
}

/**
 * The provider whose webhook secret signed this delivery, or why there is none. Candidates are
 * the named provider (`?providerId=` / X-Provider-Id), else the tenant's enabled providers of the
 * kind; each candidate's secret is tried, so several providers of one kind need no name when
 * their secrets differ. To the caller every miss looks the same (an unknown tenant, an unknown
 * provider, one without a secret, a wrong signature): which tenants and providers exist is not
 * revealed to someone who cannot sign.
 */
export type SigningOutcome =
  | { matched: true; provider: ProviderRow; stale: boolean }
  | {
      matched: false;
      reason: 'unknown_tenant' | 'unknown_provider' | 'no_secret' | 'bad_signature';
      tenantId: string | undefined;
      provider: ProviderRow | undefined;
    };

export async function findSigningProvider(
  deps: { db: Database; secrets: SecretStore },
  tenantId: string,
  kind: ProviderRow['kind'],
  named: string | undefined,
  delivery: SignedDelivery,
  nowSeconds: number,
): Promise<SigningOutcome> {
  if (!(await getTenant(deps.db, tenantId))) return { matched: false, reason: 'unknown_tenant', tenantId: undefined, provider: undefined };
  const candidates = await candidatesFor(deps.db, tenantId, kind, named);
  if (candidates.length === 0) return { matched: false, reason: 'unknown_provider', tenantId, provider: undefined };

  let withSecret = 0;
  for (const provider of candidates) {
    const secret = (await deps.secrets.get(providerWebhookSecretPath(tenantId, provider.id)))?.secret;
    if (!secret) continue;
    withSecret += 1;
    const verdict = verifySignature({ secret, ...delivery, nowSeconds });
    if (verdict === 'ok' || verdict === 'stale_timestamp') return { matched: true, provider, stale: verdict === 'stale_timestamp' };
  }
  const single = candidates.length === 1 ? candidates[0] : undefined;
  return { matched: false, reason: withSecret === 0 ? 'no_secret' : 'bad_signature', tenantId, provider: single };
}

async function candidatesFor(db: Database, tenantId: string, kind: ProviderRow['kind'], named: string | undefined): Promise<ProviderRow[]> {
  if (named !== undefined) {
    const provider = UUID.test(named) ? await getProvider(db, tenantId, named) : undefined;
    return provider && provider.kind === kind ? [provider] : [];
  }
  return (await listProviders(db, tenantId, { enabledOnly: true })).filter((provider) => provider.kind === kind);
}
