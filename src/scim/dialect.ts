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
  /**
   * Find a resource with an `eq` filter (externalId first, then userName / displayName).
   * False for a target without filtering: lookups page through the endpoint and match here.
   */
  filterLookups: boolean;
}

const MAX_MEMBER_CHANGES_PER_PATCH = 100;

/** Bulk request size used when a tenant switches Bulk on for a target that advertises none. */
const ASSUMED_BULK = { maxOperations: 100, maxPayloadSize: 1_048_576 };

/**
 * Defaults from discovered capabilities, then the caller's overrides, clamped to what the
 * target advertised. A target without discovery (`source: 'assumed'`) advertised nothing to
 * clamp to, so there the overrides are taken as the operator's knowledge of the target: they
 * may switch Bulk on, or raise the page size up to 1000.
 */
export function resolveDialect(capabilities: ScimCapabilities, overrides: Partial<ScimDialect> = {}): ScimDialect {
  const assumed = capabilities.source === 'assumed';
  // What overrides are clamped to: the advertised limits, or nothing when none were advertised.
  const bulkLimits = assumed ? { supported: true, maxOperations: 10_000, maxPayloadSize: Number.MAX_SAFE_INTEGER } : capabilities.bulk;
  const defaults: ScimDialect = {
    memberRemoval: 'pathFilter',
    maxMemberChangesPerPatch: MAX_MEMBER_CHANGES_PER_PATCH,
    requireEmailUnlessUserNameIsEmail: false,
    deactivation: capabilities.patch ? 'patch' : 'put',
    escapedLookups: capabilities.escapedFilterValues ? 'escaped' : 'prefixScan',
    enterpriseExtension: capabilities.enterpriseUser,
    useBulk: capabilities.bulk.supported,
    bulkMaxOperations: assumed ? ASSUMED_BULK.maxOperations : capabilities.bulk.maxOperations,
    bulkMaxPayloadSize: assumed ? ASSUMED_BULK.maxPayloadSize : capabilities.bulk.maxPayloadSize,
    pageSize: Math.min(capabilities.filter.maxResults, 100),
    filterLookups: capabilities.filter.supported,
  };
  const dialect = { ...defaults, ...withoutUndefined(overrides) };
  return {
    ...dialect,
    maxMemberChangesPerPatch: clamp(dialect.maxMemberChangesPerPatch, 1, MAX_MEMBER_CHANGES_PER_PATCH),
    useBulk: dialect.useBulk && bulkLimits.supported,
    bulkMaxOperations: clamp(dialect.bulkMaxOperations, 1, Math.max(1, bulkLimits.maxOperations)),
    bulkMaxPayloadSize: clamp(dialect.bulkMaxPayloadSize, 1, Math.max(1, bulkLimits.maxPayloadSize)),
    pageSize: clamp(dialect.pageSize, 1, capabilities.filter.maxResults),
    // A PATCH deactivation cannot work where PATCH is not served, whatever the override says.
    deactivation: capabilities.patch ? dialect.deactivation : 'put',
  };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(Math.floor(value), min), max);
}

/** Largest `count` a whole-endpoint read-back asks for. */
const READ_BACK_MAX_PAGE_SIZE = 1000;

/**
 * Page size for reading a whole endpoint back (target verification): as large as the target
 * says it serves (its advertised filter.maxResults, at most 1000), never below the dialect's.
 * At the dialect's default of 100, reading back 100k users took a thousand round trips, each
 * with its own comparison queries. A target that advertised nothing keeps the dialect's size,
 * since its limit is unknown; one that serves fewer than asked is paged correctly anyway
 * (ResourceEndpoint.readPage).
 */
export function readBackPageSize(capabilities: ScimCapabilities, dialect: ScimDialect): number {
  if (capabilities.source !== 'advertised') return dialect.pageSize;
  return Math.max(dialect.pageSize, Math.min(capabilities.filter.maxResults, READ_BACK_MAX_PAGE_SIZE));
}
