import type { Config } from '../config.js';
import type { TenantServiceSettings } from '../tenant-service/tenant-service-client.js';

/** What seat reconciliation takes from config (and what tests swap). */
export interface SeatSettings {
  /** From TENANT_SERVICE_URL / TENANT_SERVICE_TOKEN; without it pools use their own capacity. */
  tenantService?: TenantServiceSettings;
  /** The clock grace periods and current terms are judged by; default the system clock. */
  now?: () => Date;
}

export function seatSettingsFromConfig(config: Pick<Config, 'TENANT_SERVICE_URL' | 'TENANT_SERVICE_TOKEN'>): SeatSettings {
  if (!config.TENANT_SERVICE_URL || !config.TENANT_SERVICE_TOKEN) return {};
  return { tenantService: { baseUrl: config.TENANT_SERVICE_URL, token: config.TENANT_SERVICE_TOKEN } };
}
