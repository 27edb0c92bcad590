import type { Database } from '../../db/database.js';
import type { ScimClient } from '../../scim/index.js';
import type { MappingLookups } from '../../domain/desired-documents.js';
import { loadPendingItems } from './load-batch.js';
import { writeMemberships } from './membership-writes.js';
import type { WriteOutcome } from './outcome.js';
import { recordOutcomes, type OutcomeScope } from './record-outcomes.js';
import { writeResources } from './resource-writes.js';

export interface ApplyCounts {
  created: number;
  updated: number;
  deprovisioned: number;
  membershipChanges: number;
  failed: number;
}

/** The SCIM target is failing as a whole (rate limit, outage): retry the batch later. */
class TargetUnavailableError extends Error {
  override readonly name = 'TargetUnavailableError';
  readonly type = 'ScimTargetUnavailable';
}

/**
 * Applies one batch of a run's plan: writes, then records every settled outcome with its
 * audit entry in one transaction. Items that met a target-wide failure stay pending and the
 * batch throws, so Temporal retries it and only the rest is sent. A `retried` batch (a later
 * attempt) looks its creates up before sending them: the earlier attempt may have got them through.
 */
async function applyBatch(db: Database, scim: ScimClient, scope: OutcomeScope, lookups: MappingLookups, batch: number, retried = false): Promise<ApplyCounts> {
  const items = await loadPendingItems(db, scope.runId, batch);
  const outcomes: WriteOutcome[] = [
    ...(await writeResources(
      db,
      scim,
      lookups,
      items.filter((item) => item.op !== 'members'),
      retried,
    )),
    ...(await writeMemberships(
      db,
      scim,
      scope.providerId,
      items.filter((item) => item.op === 'members'),
    )),
  ];
  await recordOutcomes(db, scope, outcomes);
  const retryable = outcomes.find((outcome) => outcome.retryable);
  if (retryable) throw new TargetUnavailableError(`SCIM target unavailable: ${retryable.error?.detail ?? 'retry later'}`);
  return countOutcomes(outcomes);
}

/**
 * Applies consecutive batches one after the other, as one unit of work: what a retry of the
 * whole run of batches costs is only its settled batches' reads (a batch skips the items an
 * earlier attempt settled). `retried` holds for every batch of a later attempt: the earlier one
 * may have got as far as any of them.
 */
export async function applyBatches(
  db: Database,
  scim: ScimClient,
  scope: OutcomeScope,
  lookups: MappingLookups,
  batches: readonly number[],
  retried = false,
): Promise<ApplyCounts> {
  const total: ApplyCounts = { created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 };
  for (const batch of batches) {
    const counts = await applyBatch(db, scim, scope, lookups, batch, retried);
    for (const key of Object.keys(total) as Array<keyof ApplyCounts>) total[key] += counts[key];
  }
  return total;
}

function countOutcomes(outcomes: readonly WriteOutcome[]): ApplyCounts {
  const counts: ApplyCounts = { created: 0, updated: 0, deprovisioned: 0, membershipChanges: 0, failed: 0 };
  for (const outcome of outcomes) {
    if (outcome.members) counts.membershipChanges += outcome.members.added.length + outcome.members.removed.length;
    if (!outcome.ok) {
      counts.failed += 1;
      continue;
    }
    if (outcome.item.op === 'create') counts.created += 1;
    else if (outcome.item.op === 'update') counts.updated += 1;
    else if (outcome.item.op === 'deprovision') counts.deprovisioned += 1;
  }
  return counts;
}
