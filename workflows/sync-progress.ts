import type { SyncCounts, SyncProgress } from '../src/temporal/sync-contract.js';

/** One line an operator reads in the Web UI's "current details". */
export function describeProgress(progress: SyncProgress): string {
  const { counts } = progress;
  const kind = progress.kind ? ` ${progress.kind}` : '';
  return [
    `**${progress.phase}${kind}**${progress.dryRun ? ' (dry run)' : ''}`,
    `fetched ${counts.fetched} · created ${counts.created} · updated ${counts.updated} · deprovisioned ${counts.deprovisioned} · memberships ${counts.membershipChanges} · failed ${counts.failed}`,
    progress.heldDeletions > 0 ? `${progress.heldDeletions} deletions held: approve or discard through the API` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}

export function addCounts(
  total: SyncCounts,
  batch: { created: number; updated: number; deprovisioned: number; membershipChanges: number; failed: number },
): void {
  total.created += batch.created;
  total.updated += batch.updated;
  total.deprovisioned += batch.deprovisioned;
  total.membershipChanges += batch.membershipChanges;
  total.failed += batch.failed;
}

/** The ApplicationFailure type behind an activity failure (e.g. 'SisCursorExpiredError'). */
export function failureType(error: unknown): string | undefined {
  const cause = (error as { cause?: { type?: unknown } } | null)?.cause;
  return typeof cause?.type === 'string' ? cause.type : undefined;
}

/** What the activity's error said, without Temporal's "Activity task failed" wrapper. */
export function failureMessage(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause;
  if (typeof cause?.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
