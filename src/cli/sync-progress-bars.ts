import cliProgress from 'cli-progress';
import type { SyncCounts, SyncProgress, SyncRun } from './api-types.js';

/**
 * Live progress of followed syncs, one bar per provider, on stderr (stdout stays for the
 * result a script reads). A sync does not know its size before it has planned, so the bar
 * moves through the workflow's stages and the counts beside it move record by record.
 * Off a terminal (CI logs, pipes) the same line is printed every two seconds instead.
 */

/** Stage of each workflow phase; fetching and transforming overlap (a kind is transformed while the next is fetched). */
const STAGE_OF_PHASE: Record<string, number> = {
  preparing: 0,
  fetching: 1,
  transforming: 1,
  planning: 2,
  awaiting_approval: 3,
  applying: 3,
  reconciling_seats: 4,
  finishing: 5,
  completed: 6,
  failed: 6,
  cancelled: 6,
};
const STAGES = 6;

export const countsLine = (counts: SyncCounts) =>
  `fetched ${counts.fetched} · created ${counts.created} · updated ${counts.updated} · deprovisioned ${counts.deprovisioned} · memberships ${counts.membershipChanges} · failed ${counts.failed}`;

const phaseText = (progress: Pick<SyncProgress, 'phase' | 'kind' | 'heldDeletions'>) =>
  progress.phase === 'awaiting_approval'
    ? `awaiting approval of ${progress.heldDeletions} deletions`
    : `${progress.phase.replaceAll('_', ' ')}${progress.kind ? ` ${progress.kind}` : ''}`;

export class SyncProgressBars {
  private readonly multibar: cliProgress.MultiBar;
  private readonly bars = new Map<string, { bar: cliProgress.SingleBar; stage: number }>();

  constructor(stream: NodeJS.WritableStream = process.stderr) {
    this.multibar = new cliProgress.MultiBar(
      {
        stream,
        format: '{label} [{bar}] {phase} | {counts}',
        barsize: 20,
        hideCursor: true,
        noTTYOutput: true,
        notTTYSchedule: 2000,
        gracefulExit: false,
        autopadding: true,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  add(key: string, label: string): void {
    const bar = this.multibar.create(STAGES, 0, { label, phase: 'starting', counts: '' });
    this.bars.set(key, { bar, stage: 0 });
  }

  update(key: string, progress: SyncProgress): void {
    const entry = this.bars.get(key);
    if (!entry) return;
    // Never backwards: fetching and transforming alternate while kinds overlap.
    entry.stage = Math.max(entry.stage, STAGE_OF_PHASE[progress.phase] ?? entry.stage);
    entry.bar.update(entry.stage, { phase: phaseText(progress), counts: countsLine(progress.counts) });
  }

  finish(key: string, run: SyncRun): void {
    const entry = this.bars.get(key);
    if (!entry) return;
    entry.bar.update(STAGES, { phase: run.status, counts: run.counts ? countsLine(run.counts) : '' });
  }

  /** A line above the bars, printed once (now: the bars' buffer is otherwise flushed only on the next redraw). */
  log(line: string): void {
    this.multibar.log(`${line}\n`);
    this.multibar.update();
  }

  stop(): void {
    this.multibar.stop();
  }
}
