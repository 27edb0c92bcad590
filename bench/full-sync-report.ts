import { loadavg } from 'node:os';
import type { TenantSyncResult } from '../src/temporal/sync-contract.js';
import type { ChainFigures, PhaseFigures } from './full-sync-figures.js';
import type { PeersMessage } from './full-sync-peers.js';
import type { PlainLoopResult } from './plain-loop.js';

/** How bench/full-sync.ts prints what it measured. */

export interface BenchSetup {
  provider: string;
  target: string;
  students: number;
  workers: number;
  district: { users: number; groups: number; memberships: number };
}

export interface RunFigures {
  label: string;
  result: TenantSyncResult;
  wallSeconds: number;
  writes: number;
  requests: number;
  byMethod: Record<string, number>;
  workers: Array<{ identity: string; peakRss: number; cpuSeconds: number }>;
  peersCpuSeconds: number;
  peersPeakRss: number;
  postgresCpuSeconds: number | undefined;
  phases: PhaseFigures[];
  chain: ChainFigures;
  applyPhases: Array<{ phase: string; items: number; seconds: number }>;
}

export interface BaselineFigures {
  label: string;
  result: PlainLoopResult;
  peakRss: number;
  writes: number;
  peersCpuSeconds: number;
  postgresCpuSeconds: number | undefined;
  /** The Temporal run it is compared with. */
  temporalRun: RunFigures;
}

const log = (line: string) => console.log(line);
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const seconds = (value: number | undefined) => (value === undefined ? 'n/a' : `${value.toFixed(1)} s`);

/** What `uptime` prints. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

export function printRun(run: RunFigures, setup: BenchSetup): void {
  const rate = (count: number) => (count / run.wallSeconds).toFixed(0);
  const workersCpu = run.workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0);
  log(`\n${run.label}: ${run.result.status} in ${run.wallSeconds.toFixed(1)} s wall (load ${loadAverage()})`);
  log(
    `  users/s ${rate(setup.district.users)}, groups/s ${rate(setup.district.groups)}, memberships/s ${rate(setup.district.memberships)} (district size / wall time)`,
  );
  const counts = run.result.counts;
  log(
    `  counts: fetched ${counts.fetched}, created ${counts.created}, updated ${counts.updated}, deprovisioned ${counts.deprovisioned}, membership changes ${counts.membershipChanges}, failed ${counts.failed}`,
  );
  log(
    `  SCIM: ${run.writes} writes, ${run.requests} requests (${
      Object.entries(run.byMethod)
        .map(([method, n]) => `${method} ${n}`)
        .join(', ') || 'none'
    })`,
  );
  for (const worker of run.workers)
    log(
      `  ${worker.identity}: peak RSS ${mib(worker.peakRss)}, CPU ${worker.cpuSeconds.toFixed(1)} s (${((worker.cpuSeconds / run.wallSeconds) * 100).toFixed(0)}% of one core)`,
    );
  log(
    `  workers total CPU ${workersCpu.toFixed(1)} s; peers (SIS + SCIM): CPU ${run.peersCpuSeconds.toFixed(1)} s, peak RSS ${mib(run.peersPeakRss)}; postgres backends of the bench database: CPU ${seconds(run.postgresCpuSeconds)}`,
  );
  log(`  history: ${run.chain.runs} run(s) in the continue-as-new chain, events per run [${run.chain.histories.join(', ')}], max ${run.chain.maxHistory}`);
  log(`  phases (from the run's progress; wall, CPU of workers / postgres / peers):`);
  for (const phase of run.phases) {
    log(
      `    ${phase.phase.padEnd(18)} wall ${phase.wallSeconds.toFixed(1).padStart(7)} s  workers ${phase.workersCpuSeconds.toFixed(1).padStart(7)} s  postgres ${seconds(phase.postgresCpuSeconds).padStart(9)}  peers ${phase.peersCpuSeconds.toFixed(1).padStart(6)} s`,
    );
  }
  log(`  activities (count, span first-scheduled→last-closed, summed scheduled→closed):`);
  const rows = [...run.chain.activities.entries()].sort((a, b) => a[1].first - b[1].first);
  for (const [name, stats] of rows) {
    log(
      `    ${name.padEnd(20)} ${String(stats.count).padStart(6)}  span ${((stats.last - stats.first) / 1000).toFixed(1).padStart(7)} s  busy ${stats.busySeconds.toFixed(1).padStart(8)} s`,
    );
  }
  log(`  work split (activities executed per worker identity):`);
  for (const [identity, byType] of [...run.chain.split.entries()].sort()) {
    const total = [...byType.values()].reduce((sum, count) => sum + count, 0);
    log(`    ${identity}: ${total} — ${[...byType.entries()].map(([name, count]) => `${name} ${count}`).join(', ')}`);
  }
  if (run.applyPhases.length > 0)
    log(
      `  apply phases (items, first → last settled): ${run.applyPhases.map((phase) => `${phase.phase} ${phase.items} in ${phase.seconds.toFixed(1)} s`).join('; ')}`,
    );
}

/** The target against the district after the first full sync: every difference count, 0 when exact. */
export function printConvergence(check: Extract<PeersMessage, { type: 'convergence' }>): void {
  const differing = Object.entries(check.differences).filter(([, count]) => count > 0);
  log(
    `  target vs district (${check.seconds.toFixed(1)} s to check): ${
      differing.length === 0 ? 'exact, 0 differences of every kind' : `NOT exact: ${differing.map(([kind, count]) => `${kind} ${count}`).join(', ')}`
    }`,
  );
  for (const example of check.examples) log(`    ${example}`);
}

export function printBaseline(baseline: BaselineFigures): void {
  const { result } = baseline;
  const ratio = baseline.temporalRun.wallSeconds / result.wallSeconds;
  log(
    `\nplain-loop baseline, ${baseline.label} (same activities, no Temporal, in ${baseline.temporalRun.workers[0]?.identity ?? 'the worker'}'s process; fresh tenant and target): ${result.wallSeconds.toFixed(1)} s wall`,
  );
  log(
    `  counts: fetched ${result.counts.fetched}, created ${result.counts.created}, updated ${result.counts.updated}, deprovisioned ${result.counts.deprovisioned}, membership changes ${result.counts.membershipChanges}, failed ${result.counts.failed}; ${result.activityCalls} activity calls; SCIM writes ${baseline.writes}`,
  );
  log(
    `  process: CPU ${result.cpuSeconds.toFixed(1)} s, peak RSS ${mib(baseline.peakRss)}; postgres CPU ${seconds(baseline.postgresCpuSeconds)}; peers CPU ${baseline.peersCpuSeconds.toFixed(1)} s`,
  );
  for (const phase of result.phases)
    log(`    ${phase.phase.padEnd(18)} wall ${phase.wallSeconds.toFixed(1).padStart(7)} s  CPU ${phase.cpuSeconds.toFixed(1).padStart(7)} s`);
  log(`  Temporal / plain: ${ratio.toFixed(2)}× wall (${baseline.temporalRun.wallSeconds.toFixed(1)} s / ${result.wallSeconds.toFixed(1)} s)`);
}

export function printSummary(runs: RunFigures[], baselines: BaselineFigures[], setup: BenchSetup): void {
  log(
    `\n| run | N | provider | target | workers | wall s | users/s | SCIM writes | peak worker RSS | workers CPU s | postgres CPU s | max history | plain-loop s | Temporal/plain |`,
  );
  log(`|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`);
  for (const run of runs) {
    const baseline = baselines.find((candidate) => candidate.temporalRun === run);
    const peak = Math.max(...run.workers.map((worker) => worker.peakRss));
    const cpu = run.workers.reduce((sum, worker) => sum + worker.cpuSeconds, 0);
    log(
      `| ${run.label} | ${setup.students} | ${setup.provider} | ${setup.target} | ${setup.workers} | ${run.wallSeconds.toFixed(1)} | ${(setup.district.users / run.wallSeconds).toFixed(0)} | ${run.writes} | ${mib(peak)} | ${cpu.toFixed(1)} | ${run.postgresCpuSeconds?.toFixed(1) ?? 'n/a'} | ${run.chain.maxHistory} | ${baseline ? baseline.result.wallSeconds.toFixed(1) : '-'} | ${baseline ? (run.wallSeconds / baseline.result.wallSeconds).toFixed(2) : '-'} |`,
    );
  }
}
