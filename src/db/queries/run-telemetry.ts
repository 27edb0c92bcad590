import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../database.js';
import { providers, syncRuns, webhookEvents } from '../schema/index.js';

/**
 * What the metrics of a finished run need. Ages are measured on the database's clock, the
 * same clock that stamped `started_at` and `received_at`, so API and worker clocks never mix.
 */
export interface FinishedRunFacts {
  mode: string;
  trigger: string;
  providerKind: string;
  /** Seconds since the run was opened. */
  ageSeconds: number;
}

export async function finishedRunFacts(db: Database, runId: string): Promise<FinishedRunFacts | undefined> {
  const [row] = await db
    .select({
      mode: syncRuns.mode,
      trigger: syncRuns.trigger,
      providerKind: providers.kind,
      ageSeconds: sql<string>`extract(epoch from clock_timestamp() - ${syncRuns.startedAt})`,
    })
    .from(syncRuns)
    .innerJoin(providers, eq(providers.id, syncRuns.providerId))
    .where(eq(syncRuns.id, runId));
  return row ? { ...row, ageSeconds: Number(row.ageSeconds) } : undefined;
}

/** Seconds since each webhook event the run applied was received. */
export async function appliedWebhookEventAges(db: Database, runId: string): Promise<number[]> {
  const rows = await db
    .select({ ageSeconds: sql<string>`extract(epoch from clock_timestamp() - ${webhookEvents.receivedAt})` })
    .from(webhookEvents)
    .where(and(eq(webhookEvents.claimedByRun, runId), eq(webhookEvents.status, 'applied')));
  return rows.map((row) => Number(row.ageSeconds));
}
