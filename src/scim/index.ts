/** Public surface of the SCIM client; the rest of the bridge imports from here only. */
export { connectScimClient, createScimClient, type ScimClient, type ScimClientOptions } from './scim-client.js';
export { discoverCapabilities, type ScimCapabilities } from './discovery.js';
export { resolveDialect, MAX_MEMBER_CHANGES_PER_PATCH, type ScimDialect } from './dialect.js';
export { ScimHttp, type ScimHttpOptions, type ScimRequest, type ScimHttpResponse } from './http.js';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, retryAfterFromHeaders, type RetryPolicy } from './retry-policy.js';
export { eqFilter, swFilter, quoteFilterValue, needsFilterEscaping, unescapedPrefix } from './filter.js';
export { planMembershipPatches, type MembershipChunk } from './membership-patch.js';
export { planBulkChunks } from './bulk.js';
export { mapWithConcurrency } from './concurrency.js';
export { ScimUsers, type CreateOutcome } from './users.js';
export { ScimGroups, type MembershipPatchResult } from './groups.js';
export type { ScimWriteOperation, ScimWriteResult } from './write-operations.js';
export { firstPage, type ListCursor } from './resource-endpoint.js';
export * from './errors.js';
export * from './types.js';
