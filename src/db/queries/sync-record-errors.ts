import type { Database } from '../database.js';
import { syncRecordErrors } from '../schema/index.js';
import type { RecordError } from '../../domain/roster.js';

/** Records of a run that could not be transformed, with why; a full sync's sweep keeps them. */
export async function recordErrors(db: Database, runId: string, errors: readonly RecordError[]): Promise<void> {
  if (errors.length === 0) return;
  await db
    .insert(syncRecordErrors)
    .values(errors.map((error) => ({ runId, kind: error.kind, sourceId: error.sourceId, field: error.field ?? null, message: error.message })));
}
