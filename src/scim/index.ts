/** Public surface of the SCIM client; the rest of the bridge imports from here only. */
export { connectScimClient, type ScimClient, type ScimClientOptions } from './scim-client.js';
export type { ScimCapabilities } from './discovery.js';
export { readBackPageSize, resolveDialect, type ScimDialect } from './dialect.js';
export { ScimHttp, type ScimHttpOptions, type ScimRequest, type ScimHttpResponse } from './http.js';
export { DEFAULT_RETRY_POLICY, parseRetryAfter, retryAfterFromHeaders, type RetryPolicy } from './retry-policy.js';
export { eqFilter, swFilter, quoteFilterValue, needsFilterEscaping, unescapedPrefix } from './filter.js';
export { planMembershipPatches, type MembershipChunk } from './membership-patch.js';
export { planBulkChunks } from './bulk.js';
export { mapWithConcurrency } from './concurrency.js';
export type { CreateOutcome } from './users.js';
export type { MembershipPatchResult } from './groups.js';
export type { ScimWriteOperation, ScimWriteResult } from './write-operations.js';
export type { ListCursor } from './resource-endpoint.js';
export * from './errors.js';
export * from './types.js';
