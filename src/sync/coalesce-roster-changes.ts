import { ROSTER_KINDS, type RosterKind, type RosterRecordByKind } from '../domain/roster.js';
import type { RosterBatch, RosterChange } from '../providers/index.js';
import { mirrorKey } from './roster-mirror.js';

/**
 * The same changes in fewer steps: each run of consecutive upserts becomes one upsert, so a
 * page of a thousand webhook events costs a few statements instead of a few per event.
 *
 * Applying the result in order leaves the mirror as applying the input in order would:
 * - within a run, a later record of a key replaces an earlier one (the last state wins, as
 *   when each was written in turn), and every other record is kept;
 * - a delete ends the run, so a key deleted and then upserted again (or the reverse) keeps its order;
 * - an upsert that states a section's complete roster (`completeEnrollmentsOf`) stays as it is,
 *   between runs: the enrollments it drops are those its own roster leaves out, dropped after
 *   every upsert before it and before any after it.
 */
export function coalesceRosterChanges(changes: readonly RosterChange[]): RosterChange[] {
  const coalesced: RosterChange[] = [];
  let run: Map<RosterKind, Map<string, RosterRecordByKind[RosterKind]>> | undefined;
  let errors: RosterBatch['errors'] = [];
  const closeRun = () => {
    if (!run) return;
    const batch: RosterBatch = { errors };
    for (const kind of ROSTER_KINDS) {
      const records = run.get(kind);
      if (records?.size) (batch as Record<RosterKind, unknown[]>)[kind] = [...records.values()];
    }
    coalesced.push({ op: 'upsert', batch });
    run = undefined;
    errors = [];
  };
  for (const change of changes) {
    if (change.op === 'delete' || change.completeEnrollmentsOf !== undefined) {
      closeRun();
      coalesced.push(change);
      continue;
    }
    run ??= new Map();
    for (const kind of ROSTER_KINDS) {
      const records = change.batch[kind] as RosterRecordByKind[RosterKind][] | undefined;
      if (!records?.length) continue;
      const byKey = run.get(kind) ?? new Map<string, RosterRecordByKind[RosterKind]>();
      // Deleting first moves a repeated key to the end: records keep the order of their last change.
      for (const record of records) {
        const key = mirrorKey(kind, record);
        byKey.delete(key);
        byKey.set(key, record);
      }
      run.set(kind, byKey);
    }
    errors.push(...change.batch.errors);
  }
  closeRun();
  return coalesced;
}
