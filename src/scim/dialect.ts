import { withoutUndefined } from '../domain/without-undefined.js';
import type { ScimCapabilities } from './discovery.js';

/**
 * How the client talks to one target. Defaults come from discovery; a tenant's settings may
 * override any of them (a target that lies in its ServiceProviderConfig, or a rule no
 * discovery document can express, such as better-auth's 1000-member cap).
 */
export interface ScimDialect {
  /**
   * How members leave a Group. `pathFilter`: one `remove` per member with path
   * `members[value eq "id"]` (RFC 7644 §3.5.2.2). `valueArray`: one `remove` on `members`
   * with a value array (the Azure AD form). Both servers in the contract suite accept both.
   */
  memberRemoval: 'pathFilter' | 'valueArray';
  /** Member changes per PATCH request; never above 100. */
  maxMemberChangesPerPatch: number;
  /** The target's cap on direct Group members, if any (better-auth: 1000). Informational. */
  maxGroupMembers?: number;
  /** Reject, before sending, a User whose userName is not an email and who has no email. */
  requireEmailUnlessUserNameIsEmail: boolean;
  /** Deactivation as PATCH `active=false`, or GET + PUT for targets without PATCH. */
  deactivation: 'patch' | 'put';
  /**
   * How to look up a value that needs `\"`/`\\` escaping. `escaped`: RFC 7644 literal.
   * `prefixScan`: `sw` on the unescaped prefix, exact match on the client.
   */
  escapedLookups: 'escaped' | 'prefixScan';
  /** Send the enterprise extension when the input has one. */
  enterpriseExtension: boolean;
  /** Use /Bulk for batches. */
  useBulk: boolean;
  /** Operations per /Bulk request (≤ the advertised maxOperations). */
  bulkMaxOperations: number;
  /** Bytes per /Bulk request body (≤ the advertised maxPayloadSize). */
  bulkMaxPayloadSize: number;
  /** `count` per list page. */
  pageSize: number;
}

export const MAX_MEMBER_CHANGES_PER_PATCH = 100;

/** Defaults from discovered capabilities, then the caller's overrides (clamped to limits). */
export function resolveDialect(capabilities: ScimCapabilities, overrides: Partial<ScimDialect> = {}): ScimDialect {
  const defaults: ScimDialect = {
    memberRemoval: 'pathFilter',
    maxMemberChangesPerPatch: MAX_MEMBER_CHANGES_PER_PATCH,
    requireEmailUnlessUserNameIsEmail: false,
    deactivation: capabilities.patch ? 'patch' : 'put',
    escapedLookups: capabilities.escapedFilterValues ? 'escaped' : 'prefixScan',
    enterpriseExtension: capabilities.enterpriseUser,
    useBulk: capabilities.bulk.supported,
    bulkMaxOperations: capabilities.bulk.maxOperations,
    // Leave room under the advertised limit for the envelope and any size accounting slack.
    bulkMaxPayloadSize: capabilities.bulk.maxPayloadSize,
    pageSize: Math.min(capabilities.filter.maxResults, 100),
  };
  const dialect = { ...defaults, ...withoutUndefined(overrides) };
  return {
    ...dialect,
    maxMemberChangesPerPatch: clamp(dialect.maxMemberChangesPerPatch, 1, MAX_MEMBER_CHANGES_PER_PATCH),
    useBulk: dialect.useBulk && capabilities.bulk.supported,
    bulkMaxOperations: clamp(dialect.bulkMaxOperations, 1, Math.max(1, capabilities.bulk.maxOperations)),
    bulkMaxPayloadSize: clamp(dialect.bulkMaxPayloadSize, 1, Math.max(1, capabilities.bulk.maxPayloadSize)),
    pageSize: clamp(dialect.pageSize, 1, capabilities.filter.maxResults),
    // A PATCH deactivation cannot work where PATCH is not served, whatever the override says.
    deactivation: capabilities.patch ? dialect.deactivation : 'put',
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.floor(value), min), max);
}
