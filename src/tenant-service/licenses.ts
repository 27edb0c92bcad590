import { z } from 'zod';

/**
 * The Tenant Service contract (documented in README "Tenant Service contract"):
 * `GET {TENANT_SERVICE_URL}/tenants/{tenantId}/licenses` with `Authorization: Bearer
 * {TENANT_SERVICE_TOKEN}` answers 200 with this body. Unknown fields are ignored.
 */
export const LicensesResponseSchema = z.object({
  tenantId: z.string(),
  licenses: z
    .array(z.object({ sku: z.string().min(1), seats: z.number().int().min(0) }))
    .refine((licenses) => new Set(licenses.map((license) => license.sku)).size === licenses.length, 'each sku at most once'),
});

export class TenantServiceError extends Error {
  override readonly name = 'TenantServiceError';
  readonly type = 'TenantServiceError';
  constructor(
    message: string,
    /** False for answers a retry cannot change (bad token, unknown tenant, broken payload). */
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
