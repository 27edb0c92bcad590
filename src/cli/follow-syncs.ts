import type { ApiClient } from './api-client.js';
import { FINAL_RUN_STATUSES, type Page, type ProviderSyncStatus, type SyncProgress, type SyncRun, type WorkflowRef } from './api-types.js';
import { segment } from './cli-context.js';
import { CliError, EXIT } from './exit-codes.js';
import { SyncProgressBars } from './sync-progress-bars.js';

export interface FollowOptions {
  pollIntervalMs: number;
  /** Labels of the bars, by provider id. */
  labels: Map<string, string>;
  progressStream?: NodeJS.WritableStream;
  /** Aborted on Ctrl-C: stop following (the syncs keep running). */
  signal?: AbortSignal;
}

interface Followed {
  ref: WorkflowRef;
  /** The sync_runs id, learnt from the progress query; it survives continue-as-new, the Temporal run id does not. */
  syncRunId: string | null;
  heldAnnounced: boolean;
  closedWithoutRun: number;
}

/** A workflow that closed before recording a run is reported after this many polls (it failed before its first step). */
const POLLS_BEFORE_LOST = 3;

/**
 * Polls `GET /sync/{tenant}/status` until every followed run has closed, drawing the bars,
 * and returns each run as recorded in the history (its final status, counts and message).
 */
export async function followSyncs(api: ApiClient, tenantId: string, refs: WorkflowRef[], options: FollowOptions): Promise<SyncRun[]> {
  const bars = new SyncProgressBars(options.progressStream);
  const pending = new Map<string, Followed>(refs.map((ref) => [ref.providerId, { ref, syncRunId: null, heldAnnounced: false, closedWithoutRun: 0 }]));
  for (const ref of refs) bars.add(ref.providerId, options.labels.get(ref.providerId) ?? ref.providerId);
  const finished: SyncRun[] = [];
  try {
    while (pending.size > 0) {
      const { providers } = await api.json<{ providers: ProviderSyncStatus[] }>('GET', `/sync/${segment(tenantId)}/status`);
      for (const followed of [...pending.values()]) {
        const status = providers.find((entry) => entry.providerId === followed.ref.providerId);
        const progress = stillRunning(followed, status);
        if (progress !== undefined) {
          if (progress) showProgress(bars, followed, tenantId, progress);
          continue;
        }
        const run = await recordedRun(api, tenantId, followed);
        if (run && (FINAL_RUN_STATUSES as readonly string[]).includes(run.status)) {
          bars.finish(followed.ref.providerId, run);
          finished.push(run);
          pending.delete(followed.ref.providerId);
        } else if (!run && ++followed.closedWithoutRun >= POLLS_BEFORE_LOST) {
          throw new CliError(
            `the sync workflow ${followed.ref.workflowId} ended without recording a run (it failed before its first step)${followed.ref.uiUrl ? `; see ${followed.ref.uiUrl}` : ''}`,
            EXIT.syncNotCompleted,
          );
        }
      }
      if (pending.size > 0) await sleep(options.pollIntervalMs, options.signal);
    }
  } finally {
    bars.stop();
  }
  return finished;
}

/** The live progress while our run is still the running one (null: running, no answer yet); undefined once it has closed. */
function stillRunning(followed: Followed, status: ProviderSyncStatus | undefined): SyncProgress | null | undefined {
  const running = status?.running;
  if (!running || running.workflowId !== followed.ref.workflowId) return undefined;
  const progress = running.progress;
  if (!progress?.runId) return progress ?? null;
  // The same workflow id may be reused by a later run (a webhook-triggered sync); ours is the one whose run id we learnt first.
  if (followed.syncRunId === null && running.runId === followed.ref.runId) followed.syncRunId = progress.runId;
  if (followed.syncRunId !== null && progress.runId !== followed.syncRunId) return undefined;
  return progress;
}

function showProgress(bars: SyncProgressBars, followed: Followed, tenantId: string, progress: SyncProgress): void {
  bars.update(followed.ref.providerId, progress);
  if (progress.phase === 'awaiting_approval' && !followed.heldAnnounced) {
    followed.heldAnnounced = true;
    const provider = followed.ref.providerId;
    bars.log(
      `${progress.heldDeletions} deprovisions held over the deletion threshold. Review: sis-bridge deletions list ${tenantId} --provider ${provider}; then sis-bridge deletions approve|discard ${tenantId} --provider ${provider}`,
    );
  }
}

async function recordedRun(api: ApiClient, tenantId: string, followed: Followed): Promise<SyncRun | undefined> {
  const history = await api.json<Page<SyncRun>>('GET', `/sync/${segment(tenantId)}/history`, { query: { providerId: followed.ref.providerId, limit: 20 } });
  return history.items.find((run) => run.id === followed.syncRunId || run.workflowRunId === followed.ref.runId);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(interrupted());
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(interrupted());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const interrupted = () => new CliError('stopped following; the sync keeps running (see `sis-bridge sync status`)', EXIT.interrupted);
