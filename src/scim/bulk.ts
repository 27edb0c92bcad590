import {
  isScimError,
  ScimAuthError,
  ScimOutcomeUnknownError,
  ScimProtocolError,
  ScimRateLimitError,
  ScimRequestError,
  ScimUnavailableError,
  type ScimError,
} from './errors.js';
import { toGroupDocument } from './groups.js';
import type { ScimHttp } from './http.js';
import { isRetryableStatus } from './retry-policy.js';
import { SCIM_SCHEMA, type ScimResource } from './types.js';
import { bulkResponseBody, bulkStatus, idFromLocation, parseResource, scimErrorBody, type BulkResponseOperation } from './wire.js';
import type { ScimWriteOperation, ScimWriteResult, WriteTargets } from './write-operations.js';

/**
 * RFC 7644 §3.7 Bulk: many writes per request, chunked to the advertised maxOperations and
 * maxPayloadSize (both 413 when exceeded). Results are matched back to operations by bulkId
 * (required on POST) or position. A create answered 409 inside a bulk is adopted by lookup,
 * and an operation the target answered 429/5xx is handed back for a single-request retry.
 */
export interface BulkRequestOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  bulkId?: string;
  data?: unknown;
}

export interface BulkEntry {
  operation: ScimWriteOperation;
  request: BulkRequestOperation;
}

/**
 * What one bulk entry became: a final result, or a request to retry it on its own —
 * `mayExist` when the target may have applied it already (its answer was lost or a 5xx).
 */
export type BulkOutcome = { kind: 'done'; result: ScimWriteResult } | { kind: 'retrySingly'; mayExist: boolean };

/** The bulk form of an operation; undefined when it must go as single requests. */
export function toBulkRequest(targets: WriteTargets, operation: ScimWriteOperation, bulkId: string): BulkRequestOperation | undefined {
  const patch = (Operations: unknown[]) => ({ schemas: [SCIM_SCHEMA.patchOp], Operations });
  switch (operation.kind) {
    case 'createUser':
      return { method: 'POST', path: '/Users', bulkId, data: targets.users.toDocument(operation.user) };
    case 'replaceUser':
      return { method: 'PUT', path: `/Users/${operation.id}`, data: targets.users.toDocument(operation.user) };
    case 'patchUser':
      return { method: 'PATCH', path: `/Users/${operation.id}`, data: patch(operation.operations) };
    case 'deactivateUser':
      return { method: 'PATCH', path: `/Users/${operation.id}`, data: patch([{ op: 'replace', path: 'active', value: false }]) };
    case 'deleteUser':
      return { method: 'DELETE', path: `/Users/${operation.id}` };
    case 'createGroup':
      return { method: 'POST', path: '/Groups', bulkId, data: toGroupDocument(operation.group) };
    case 'updateGroup':
      return {
        method: 'PATCH',
        path: `/Groups/${operation.id}`,
        data: patch([
          { op: 'replace', path: 'displayName', value: operation.group.displayName },
          ...(operation.group.externalId === undefined ? [] : [{ op: 'replace', path: 'externalId', value: operation.group.externalId }]),
        ]),
      };
    case 'deleteGroup':
      return { method: 'DELETE', path: `/Groups/${operation.id}` };
    default:
      return undefined;
  }
}

/** Split entries so no request exceeds either limit. An entry too big alone goes alone. */
export function planBulkChunks<T extends { request: BulkRequestOperation }>(
  entries: readonly T[],
  limits: { maxOperations: number; maxPayloadSize: number },
): T[][] {
  const envelope = byteLength({ schemas: [SCIM_SCHEMA.bulkRequest], Operations: [] });
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = envelope;
  for (const entry of entries) {
    const entrySize = byteLength(entry.request) + 1; // + the separating comma
    const full = current.length >= limits.maxOperations || (current.length > 0 && size + entrySize > limits.maxPayloadSize);
    if (full) {
      chunks.push(current);
      current = [];
      size = envelope;
    }
    current.push(entry);
    size += entrySize;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Send one chunk and turn the BulkResponse into one outcome per entry. */
export async function runBulkChunk(http: ScimHttp, targets: WriteTargets, chunk: readonly BulkEntry[]): Promise<BulkOutcome[]> {
  let body: unknown;
  try {
    body = (
      await http.request({
        method: 'POST',
        path: '/Bulk',
        body: { schemas: [SCIM_SCHEMA.bulkRequest], Operations: chunk.map((entry) => entry.request) },
      })
    ).body;
  } catch (error) {
    if (!isScimError(error)) throw error;
    // The target refused the request as a whole (413, invalidSyntax): each entry on its own.
    if (error instanceof ScimRequestError) return chunk.map(() => ({ kind: 'retrySingly', mayExist: false }));
    // The answer was lost: any entry may have been applied, so each goes alone, creates looked up first.
    if (error instanceof ScimOutcomeUnknownError) return chunk.map(() => ({ kind: 'retrySingly', mayExist: true }));
    return chunk.map((entry) => ({ kind: 'done', result: failed(entry, error) }));
  }
  const answers = bulkResponseBody.safeParse(body ?? {});
  const operations = answers.success ? (answers.data.Operations ?? []) : [];
  return Promise.all(chunk.map((entry, index) => settle(targets, entry, answerFor(operations, entry, index))));
}

function answerFor(operations: BulkResponseOperation[], entry: BulkEntry, index: number): BulkResponseOperation | undefined {
  if (entry.request.bulkId !== undefined) {
    const byBulkId = operations.find((operation) => operation.bulkId === entry.request.bulkId);
    if (byBulkId) return byBulkId;
  }
  const byPosition = operations[index];
  return byPosition && (byPosition.bulkId === undefined || byPosition.bulkId === entry.request.bulkId) ? byPosition : undefined;
}

async function settle(targets: WriteTargets, entry: BulkEntry, answer: BulkResponseOperation | undefined): Promise<BulkOutcome> {
  const { operation, request } = entry;
  // failOnErrors or a truncated response leaves an operation unanswered: try it alone.
  if (!answer) return { kind: 'retrySingly', mayExist: true };
  const status = bulkStatus(answer.status);
  if (status >= 200 && status < 300) {
    const resource = answer.response === undefined ? undefined : parseResource(answer.response);
    const id = resource?.id ?? idFromLocation(answer.location) ?? ('id' in operation ? operation.id : undefined);
    if (id === undefined)
      return { kind: 'done', result: failed(entry, new ScimProtocolError(request.method, request.path, 'bulk result has neither id nor location', status)) };
    return { kind: 'done', result: succeeded(operation, id, resource) };
  }
  if (status === 404 && request.method === 'DELETE') {
    return { kind: 'done', result: succeeded(operation, (operation as { id: string }).id, undefined, { alreadyGone: true }) };
  }
  if (isRetryableStatus(status)) return { kind: 'retrySingly', mayExist: status !== 429 };
  const error = answerError(request, status, answer.response);
  if (status === 409 && (operation.kind === 'createUser' || operation.kind === 'createGroup')) {
    try {
      const existing: ScimResource | undefined =
        operation.kind === 'createUser' ? await targets.users.findAdoptable(operation.user) : await targets.groups.findAdoptable(operation.group);
      if (existing) return { kind: 'done', result: succeeded(operation, existing.id, existing, { adopted: true }) };
    } catch (lookupError) {
      if (!isScimError(lookupError)) throw lookupError;
      return { kind: 'done', result: failed(entry, lookupError) };
    }
  }
  return { kind: 'done', result: failed(entry, error) };
}

function answerError(request: BulkRequestOperation, status: number, response: unknown): ScimError {
  const parsed = scimErrorBody.safeParse(response ?? {});
  const body = parsed.success ? parsed.data : {};
  const detail = body.detail ?? body.message ?? `HTTP ${status}`;
  if (status === 401 || status === 403) return new ScimAuthError(request.method, request.path, detail, status);
  if (status === 429) return new ScimRateLimitError(request.method, request.path, undefined);
  if (status >= 500) return new ScimUnavailableError(request.method, request.path, detail, status);
  return new ScimRequestError(request.method, request.path, status, body.scimType, detail);
}

function succeeded(
  operation: ScimWriteOperation,
  id: string,
  resource: ScimResource | undefined,
  flags: { adopted?: boolean; alreadyGone?: boolean } = {},
): ScimWriteResult {
  return {
    ok: true,
    operation,
    id,
    ...(resource ? { resource } : {}),
    adopted: flags.adopted ?? false,
    alreadyGone: flags.alreadyGone ?? false,
    via: 'bulk',
  };
}

function failed(entry: BulkEntry, error: ScimError): ScimWriteResult {
  return { ok: false, operation: entry.operation, error, via: 'bulk' };
}

function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
