/**
 * Per-tenant mapping options (tenant settings, overridden per provider). The defaults are the
 * safe ones: userName from the SIS email, else `{sisId}@{domain}`; deprovision by deactivating
 * (reversible, unlike a delete); hold deletions above 10% or 500 users, since a SIS export gone
 * wrong looks exactly like a district emptying out.
 */
export interface MappingSettings {
  usernameTemplates: string[];
  emailDomain: string | undefined;
  deprovisionPolicy: 'deactivate' | 'delete';
  deletionThreshold: { count: number; percent: number };
  /** Seconds to wait for approveDeletions / discardDeletions before discarding. */
  deletionApprovalTimeoutSeconds: number;
  /**
   * `full`: a full sync reads the target back and repairs drift (missing, deactivated or
   * changed resources, group members). `never`: the bridge trusts its record of what it
   * applied (for a target whose rate limits cannot afford a read of everything).
   */
  verifyTarget: VerifyTargetPolicy;
}

type VerifyTargetPolicy = 'never' | 'full';

export interface MappingSettingsInput {
  usernameTemplates?: string[];
  emailDomain?: string;
  deprovisionPolicy?: 'deactivate' | 'delete';
  deletionThreshold?: { count?: number; percent?: number };
  deletionApprovalTimeoutSeconds?: number;
  verifyTarget?: VerifyTargetPolicy;
}

const DEFAULT_USERNAME_TEMPLATES = ['{email}', '{sisId}@{domain}', '{sourceId}@{domain}'];

export function resolveMappingSettings(tenant: MappingSettingsInput = {}, provider: MappingSettingsInput = {}): MappingSettings {
  const merged = { ...tenant, ...provider };
  return {
    usernameTemplates: merged.usernameTemplates?.length ? merged.usernameTemplates : DEFAULT_USERNAME_TEMPLATES,
    emailDomain: merged.emailDomain,
    deprovisionPolicy: merged.deprovisionPolicy ?? 'deactivate',
    deletionThreshold: {
      count: merged.deletionThreshold?.count ?? 500,
      percent: merged.deletionThreshold?.percent ?? 10,
    },
    deletionApprovalTimeoutSeconds: merged.deletionApprovalTimeoutSeconds ?? 24 * 3600,
    verifyTarget: merged.verifyTarget ?? 'full',
  };
}
