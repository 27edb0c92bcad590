import { joinUrl } from '../domain/base-url.js';
import { LicensesResponseSchema, TenantServiceError } from './licenses.js';

export interface TenantServiceSettings {
  /** TENANT_SERVICE_URL */
  baseUrl: string;
  /** TENANT_SERVICE_TOKEN */
  token: string;
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** Seats licensed to a tenant, by SKU. */
export type LicensedSeats = ReadonlyMap<string, number>;

/**
 * Client of the platform's Tenant Service, the owner of what each district bought. Only
 * the licenses endpoint is used. 5xx, 429 and network failures are retryable (the activity
 * retries); 401/403/404 and a body that breaks the contract are not.
 */
export class TenantServiceClient {
  constructor(private readonly settings: TenantServiceSettings) {}

  async licensedSeats(tenantId: string): Promise<LicensedSeats> {
    const url = joinUrl(this.settings.baseUrl, `/tenants/${encodeURIComponent(tenantId)}/licenses`);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `Bearer ${this.settings.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs ?? 10_000),
      });
    } catch (error) {
      throw new TenantServiceError(`Tenant Service unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    if (!response.ok) {
      await response.body?.cancel();
      const retryable = response.status >= 500 || response.status === 429;
      const what = response.status === 404 ? `does not know tenant "${tenantId}"` : `answered ${response.status}`;
      throw new TenantServiceError(`Tenant Service ${what}`, retryable, response.status);
    }
    const parsed = LicensesResponseSchema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      throw new TenantServiceError(
        `Tenant Service licenses body breaks the contract: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'} ${issue.message}`).join('; ')}`,
        false,
      );
    if (parsed.data.tenantId !== tenantId)
      throw new TenantServiceError(`Tenant Service answered for tenant "${parsed.data.tenantId}", asked for "${tenantId}"`, false);
    return new Map(parsed.data.licenses.map((license) => [license.sku, license.seats]));
  }
}
