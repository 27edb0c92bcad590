import type { Database } from '../db/database.js';
import { appliedWebhookEventAges, finishedRunFacts } from '../db/queries/run-telemetry.js';
import { syncRunDuration, syncRuns, webhookApplyLatency } from './instruments.js';

/**
 * Records a run that has just been closed: its outcome and duration, and for a webhook run
 * how long each applied event waited since it was received. Called once the run row is final,
 * so a retried finishRun that failed before that point is not counted twice. Never throws:
 * a metric is not worth failing (and so repeating) the run's bookkeeping.
 */
export async function recordRunFinished(db: Database, runId: string, outcome: 'completed' | 'failed' | 'cancelled'): Promise<void> {
  try {
    await record(db, runId, outcome);
  } catch {
    // Best effort: the run is closed either way.
  }
}

async function record(db: Database, runId: string, outcome: 'completed' | 'failed' | 'cancelled'): Promise<void> {
  const facts = await finishedRunFacts(db, runId);
  if (!facts) return;
  syncRuns.inc({ outcome, mode: facts.mode, trigger: facts.trigger });
  syncRunDuration.observe({ outcome, mode: facts.mode }, facts.ageSeconds);
  if (facts.trigger !== 'webhook' || outcome !== 'completed') return;
  for (const age of await appliedWebhookEventAges(db, runId)) webhookApplyLatency.observe({ provider: facts.providerKind }, age);
}
