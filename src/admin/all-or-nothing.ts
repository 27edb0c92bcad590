import { recordAudit, type AuditEntry } from '../db/queries/audit-log.js';
import type { Logger } from '../logging/logger.js';
import type { Database } from '../db/database.js';
import { sqlStateOf } from '../db/sql-state.js';
import { isAdminError } from './admin-error.js';

/**
 * A change across stores that share no transaction (the database, the secrets store, Temporal):
 * each step that changed something registers how to put it back, and a failure at any later
 * step puts everything back in reverse order. The last step is the database transaction, so
 * once it commits nothing is left to undo.
 */
export class UndoLog {
  private readonly undos: Array<{ step: string; undo: () => Promise<unknown> }> = [];
  /** The step running now (named in the failure's audit entry). */
  current = 'checks';

  async step<T>(name: string, run: () => Promise<T>, undo?: () => Promise<unknown>): Promise<T> {
    this.current = name;
    const result = await run();
    if (undo) this.undos.push({ step: name, undo });
    return result;
  }

  /** Undoes every completed step, newest first; returns the steps whose undo failed too. */
  async rollback(logger: Logger): Promise<string[]> {
    const failed: string[] = [];
    for (const { step, undo } of this.undos.reverse()) {
      try {
        await undo();
      } catch (error) {
        failed.push(step);
        logger.error({ step, error: error instanceof Error ? error.name : 'unknown' }, 'undoing a step of an administrative change failed');
      }
    }
    return failed;
  }
}

export interface AllOrNothingContext {
  db: Database;
  logger: Logger;
  /** The failure's audit entry, given what happened. */
  failureAudit: (details: Record<string, unknown>) => AuditEntry;
}

/**
 * Runs `change`; when it throws, rolls back what it did and audits the failure (the failed
 * step, the error's code or class — never its message, which may quote a value — and whether
 * everything was put back), then rethrows.
 */
export async function allOrNothing<T>(context: AllOrNothingContext, change: (log: UndoLog) => Promise<T>): Promise<T> {
  const log = new UndoLog();
  try {
    return await change(log);
  } catch (error) {
    const undoFailed = await log.rollback(context.logger);
    const details = { step: log.current, code: failureCode(error), rolledBack: undoFailed.length === 0, ...(undoFailed.length > 0 ? { undoFailed } : {}) };
    await recordAudit(context.db, context.failureAudit(details)).catch((auditError: unknown) =>
      context.logger.error({ error: auditError instanceof Error ? auditError.name : 'unknown', ...details }, 'auditing a failed administrative change failed'),
    );
    throw error;
  }
}

function failureCode(error: unknown): string {
  if (isAdminError(error)) return error.code;
  const sqlState = sqlStateOf(error);
  if (sqlState) return `sqlstate_${sqlState}`;
  return error instanceof Error ? error.name : 'unknown';
}
