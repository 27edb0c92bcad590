import { planBulkChunks, runBulkChunk, toBulkRequest, type BulkEntry } from './bulk.js';
import { mapWithConcurrency } from './concurrency.js';
import type { ScimDialect } from './dialect.js';
import { isScimError, isTargetWideFailure, ScimSkippedError, type ScimError } from './errors.js';
import type { ScimHttp } from './http.js';
import { describeOperation, executeSingle, type ScimWriteOperation, type ScimWriteResult, type WriteTargets } from './write-operations.js';

/**
 * Apply a batch of writes and report every one of them, in input order: via /Bulk when the
 * dialect says so, else as single requests with bounded concurrency. Never throws for a SCIM
 * failure: a refused record is an `ok: false` result, and after a target-wide failure (auth,
 * rate limit or outage that outlasted the retries) the records not yet sent are reported as
 * ScimSkippedError instead of hammering a target that cannot take them. Writes are idempotent
 * (creates adopt on 409, deletes accept 404), so the caller may retry the failed subset.
 */
export interface BatchContext {
  http: ScimHttp;
  targets: WriteTargets;
  dialect: ScimDialect;
  concurrency: number;
}

export async function applyScimWrites(context: BatchContext, operations: readonly ScimWriteOperation[]): Promise<ScimWriteResult[]> {
  const gate = new FailureGate();
  const results = new Array<ScimWriteResult | undefined>(operations.length);
  const singles: number[] = [];
  /** Singles whose bulk attempt may have been applied: creates among them look up first. */
  const mayExist = new Set<number>();
  const bulkEntries: (BulkEntry & { index: number })[] = [];

  operations.forEach((operation, index) => {
    const isGroupWrite = operation.kind === 'createGroup' || operation.kind === 'updateGroup' || operation.kind === 'deleteGroup';
    const bulkable =
      context.dialect.useBulk &&
      !(operation.kind === 'deactivateUser' && context.dialect.deactivation === 'put') &&
      // A create that may exist already is looked up first, which only the single path does.
      !('mayExist' in operation && operation.mayExist) &&
      // Single path reports a discovered "Groups unsupported" without sending anything.
      !(isGroupWrite && !context.targets.groups.supported);
    if (!bulkable) return singles.push(index);
    try {
      const request = toBulkRequest(context.targets, operation, `op-${index}`);
      if (request) bulkEntries.push({ operation, request, index });
      else singles.push(index);
    } catch (error) {
      // A document the dialect rejects before sending (e.g. a required email is missing).
      if (!isScimError(error)) throw error;
      results[index] = { ok: false, operation, error, via: 'bulk' };
    }
  });

  const chunks = planBulkChunks(bulkEntries, {
    maxOperations: context.dialect.bulkMaxOperations,
    maxPayloadSize: context.dialect.bulkMaxPayloadSize,
  });
  await mapWithConcurrency(chunks, context.concurrency, async (chunk) => {
    if (gate.stoppedBy) {
      for (const entry of chunk) results[entry.index] = gate.skip(entry.operation, 'bulk');
      return;
    }
    const outcomes = await runBulkChunk(context.http, context.targets, chunk);
    outcomes.forEach((outcome, position) => {
      const entry = chunk[position];
      if (!entry) return;
      if (outcome.kind === 'retrySingly') {
        singles.push(entry.index);
        if (outcome.mayExist) mayExist.add(entry.index);
      } else {
        results[entry.index] = outcome.result;
        if (!outcome.result.ok) gate.observe(outcome.result.error);
      }
    });
  });

  singles.sort((a, b) => a - b);
  await mapWithConcurrency(singles, context.concurrency, async (index) => {
    const operation = operations[index] as ScimWriteOperation;
    if (gate.stoppedBy) {
      results[index] = gate.skip(operation, 'single');
      return;
    }
    try {
      const unsure = mayExist.has(index) && (operation.kind === 'createUser' || operation.kind === 'createGroup');
      results[index] = await executeSingle(context.targets, unsure ? { ...operation, mayExist: true } : operation);
    } catch (error) {
      if (!isScimError(error)) throw error;
      gate.observe(error);
      results[index] = { ok: false, operation, error, via: 'single' };
    }
  });

  return results.map((result, index) => result ?? gate.skip(operations[index] as ScimWriteOperation, 'single'));
}

/** Remembers the first target-wide failure so the rest of the batch is not sent. */
class FailureGate {
  stoppedBy: ScimError | undefined;

  observe(error: ScimError): void {
    if (!this.stoppedBy && isTargetWideFailure(error)) this.stoppedBy = error;
  }

  skip(operation: ScimWriteOperation, via: 'bulk' | 'single'): ScimWriteResult {
    const { method, path } = describeOperation(operation);
    const cause = this.stoppedBy;
    if (!cause) throw new Error('FailureGate.skip without a failure');
    return { ok: false, operation, error: new ScimSkippedError(method, path, cause), via };
  }
}
