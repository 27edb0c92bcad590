import type { Database } from '../db/database.js';
import { getProvider, type ProviderRow } from '../db/queries/providers.js';
import { getTenant, type TenantRow } from '../db/queries/tenants.js';
import { ApiError } from './errors.js';

/** The tenant row, or the API's 404. */
export async function requireTenant(db: Database, tenantId: string): Promise<TenantRow> {
  const row = await getTenant(db, tenantId);
  if (!row) throw new ApiError(404, 'tenant_not_found', `no tenant "${tenantId}"`);
  return row;
}

/** The tenant's provider, or the API's 404 (a provider of another tenant is not found either). */
export async function requireProvider(db: Database, tenantId: string, providerId: string): Promise<ProviderRow> {
  const row = await getProvider(db, tenantId, providerId);
  if (!row) throw new ApiError(404, 'provider_not_found', `tenant "${tenantId}" has no provider ${providerId}`);
  return row;
}
