import { readFileSync } from 'node:fs';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { sql } from 'drizzle-orm';
import { rowsOf, type Database } from '../src/db/database.js';
import { progressQuery } from '../src/temporal/sync-contract.js';

/**
 * What bench/full-sync.ts reads off a finished run: the workflow histories of its
 * continue-as-new chain (sizes, activity spans, which worker ran what), the apply phases from
 * the plan items, the CPU of the bench database's Postgres backends, and per-phase wall/CPU
 * from sampling the run's progress while it runs.
 */

interface ActivityStats {
  count: number;
  /** Sum of scheduled → closed times. */
  busySeconds: number;
  first: number;
  last: number;
}

export interface ChainFigures {
  runs: number;
  maxHistory: number;
  histories: number[];
  activities: Map<string, ActivityStats>;
  /** Worker identity → activity type → executions (from the started events). */
  split: Map<string, Map<string, number>>;
}

type Timestamp = { seconds?: { toNumber(): number } | number | string | null; nanos?: number | null } | null | undefined;
const msOf = (ts: Timestamp) =>
  ts ? Number(typeof ts.seconds === 'object' && ts.seconds ? ts.seconds.toNumber() : (ts.seconds ?? 0)) * 1000 + (ts.nanos ?? 0) / 1e6 : 0;

export async function walkChain(client: Client, workflowId: string, firstRunId: string): Promise<ChainFigures> {
  const figures: ChainFigures = { runs: 0, maxHistory: 0, histories: [], activities: new Map(), split: new Map() };
  let runId: string | null | undefined = firstRunId;
  while (runId) {
    const history: Awaited<ReturnType<WorkflowHandle['fetchHistory']>> = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    figures.runs += 1;
    figures.histories.push(events.length);
    figures.maxHistory = Math.max(figures.maxHistory, events.length);
    const scheduled = new Map<number, { name: string; at: number }>();
    runId = undefined;
    for (const event of events) {
      const id = Number(event.eventId);
      const at = msOf(event.eventTime as Timestamp);
      const attributes = event.activityTaskScheduledEventAttributes;
      if (attributes) scheduled.set(id, { name: attributes.activityType?.name ?? '?', at });
      const started = event.activityTaskStartedEventAttributes;
      if (started) {
        const name = scheduled.get(Number(started.scheduledEventId))?.name ?? '?';
        const identity = started.identity ?? '?';
        const byType = figures.split.get(identity) ?? new Map<string, number>();
        byType.set(name, (byType.get(name) ?? 0) + 1);
        figures.split.set(identity, byType);
      }
      const closed =
        event.activityTaskCompletedEventAttributes ??
        event.activityTaskFailedEventAttributes ??
        event.activityTaskTimedOutEventAttributes ??
        event.activityTaskCanceledEventAttributes;
      if (closed) {
        const start = scheduled.get(Number(closed.scheduledEventId));
        if (start) {
          const stats = figures.activities.get(start.name) ?? { count: 0, busySeconds: 0, first: start.at, last: at };
          stats.count += 1;
          stats.busySeconds += (at - start.at) / 1000;
          stats.first = Math.min(stats.first, start.at);
          stats.last = Math.max(stats.last, at);
          figures.activities.set(start.name, stats);
        }
      }
      const continued = event.workflowExecutionContinuedAsNewEventAttributes;
      if (continued?.newExecutionRunId) runId = continued.newExecutionRunId;
    }
  }
  return figures;
}

/** Apply time by phase, from when the plan items were settled (first → last, per op and type). */
export async function applyPhases(db: Database, runId: string): Promise<Array<{ phase: string; items: number; seconds: number }>> {
  const rows = rowsOf<{ phase: string; items: number; seconds: number }>(
    await db.execute(sql`select op || ' ' || resource_type as phase, count(*)::int as items,
      coalesce(extract(epoch from max(applied_at) - min(applied_at)), 0)::float as seconds
      from sync_plan_items where run_id = ${runId} group by 1 order by min(applied_at)`),
  );
  return rows.map((row) => ({ phase: row.phase, items: Number(row.items), seconds: Number(row.seconds) }));
}

/**
 * CPU seconds of the Postgres backends serving the bench's database (local server only; read
 * from /proc for the pids pg_stat_activity lists). Every backend seen is remembered with its
 * last reading, so one that exits between readings keeps what it had used by then.
 */
export class PostgresCpu {
  private readonly ticks = new Map<number, number>();

  constructor(
    private readonly db: Database,
    private readonly name: string | undefined,
  ) {}

  /** Total so far, or undefined when it cannot be read (PGlite, a remote server). */
  async read(): Promise<number | undefined> {
    if (!this.name) return undefined;
    try {
      const pids = rowsOf<{ pid: number }>(await this.db.execute(sql`select pid from pg_stat_activity where datname = ${this.name}`));
      for (const { pid } of pids) {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
          this.ticks.set(Number(pid), Number(fields[11]) + Number(fields[12])); // utime, stime
        } catch {
          // Exited since the query: its last reading stands.
        }
      }
      let total = 0;
      for (const value of this.ticks.values()) total += value;
      return total / 100;
    } catch {
      return undefined;
    }
  }
}

export interface CpuReadings {
  workers: number;
  postgres: number | undefined;
  peers: number;
}

export interface PhaseFigures {
  phase: string;
  wallSeconds: number;
  workersCpuSeconds: number;
  postgresCpuSeconds: number | undefined;
  peersCpuSeconds: number;
}

/**
 * Per-phase wall and CPU of a running sync: polls the workflow's progress query and takes the
 * CPU readings whenever the reported phase changes. Phases are the workflow's own (fetching,
 * transforming, verifying, planning, applying, reconciling_seats, finishing); a kind's
 * transform overlaps the next kind's fetch, so "fetching" includes the transforms of the kinds
 * before enrollments.
 */
export class PhaseSampler {
  private readonly marks: Array<{ phase: string; at: number; cpu: CpuReadings }> = [];
  private timer: NodeJS.Timeout | undefined;
  private busy = false;

  constructor(
    private readonly client: Client,
    private readonly workflowId: string,
    private readonly readCpu: () => Promise<CpuReadings>,
    private readonly intervalMs = 250,
  ) {}

  async start(): Promise<void> {
    this.marks.push({ phase: 'starting', at: performance.now(), cpu: await this.readCpu() });
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
  }

  private async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      // The handle without a run id follows the chain across continue-as-new.
      const progress = await this.client.workflow.getHandle(this.workflowId).query(progressQuery);
      if (progress.phase !== this.marks.at(-1)?.phase) this.marks.push({ phase: progress.phase, at: performance.now(), cpu: await this.readCpu() });
    } catch {
      // Between runs of the chain, or finished: the next poll or stop() settles it.
    } finally {
      this.busy = false;
    }
  }

  async stop(): Promise<PhaseFigures[]> {
    clearInterval(this.timer);
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 10));
    const end = { phase: 'end', at: performance.now(), cpu: await this.readCpu() };
    const marks = [...this.marks, end];
    const phases: PhaseFigures[] = [];
    for (let index = 0; index < marks.length - 1; index += 1) {
      const [from, to] = [marks[index]!, marks[index + 1]!];
      const previous = phases.find((phase) => phase.phase === from.phase);
      const figures = {
        wallSeconds: (to.at - from.at) / 1000,
        workersCpuSeconds: to.cpu.workers - from.cpu.workers,
        postgresCpuSeconds: to.cpu.postgres === undefined || from.cpu.postgres === undefined ? undefined : to.cpu.postgres - from.cpu.postgres,
        peersCpuSeconds: to.cpu.peers - from.cpu.peers,
      };
      if (!previous) {
        phases.push({ phase: from.phase, ...figures });
        continue;
      }
      // A phase met again (after a continue-as-new) adds to its first appearance.
      previous.wallSeconds += figures.wallSeconds;
      previous.workersCpuSeconds += figures.workersCpuSeconds;
      previous.peersCpuSeconds += figures.peersCpuSeconds;
      if (previous.postgresCpuSeconds !== undefined && figures.postgresCpuSeconds !== undefined) previous.postgresCpuSeconds += figures.postgresCpuSeconds;
    }
    return phases;
  }
}
