/**
 * The peers of bench/full-sync.ts, in a child process of their own so the worker's RSS and CPU
 * are measured apart from them: the SIS simulator serving a generated district and the SCIM
 * target (SCIMMY with its indexed store, better-auth with `@better-auth/scim`, or the bench sink
 * whose per-request cost is negligible). `new-target` starts one more target of the same kind,
 * empty, for the plain-loop baseline's tenant.
 * Driven over IPC by the bench; not meant to be started by hand.
 */
import { renderEvent } from '../sim/clever/events.js';
import { canonicalUser } from '../sim/district/expected-roster.js';
import { generateDistrict } from '../sim/district/generator.js';
import type { DistrictStore } from '../sim/district/model.js';
import { createDistrictStore } from '../sim/district/store.js';
import { startBetterAuthScimServer } from '../sim/scim/better-auth-server.js';
import { startScimmyServer } from '../sim/scim/scimmy-server.js';
import { startSinkServer } from '../sim/scim/sink-server.js';
import type { SinkStore } from '../sim/scim/sink-store.js';
import type { TrafficCounters } from '../sim/scim/traffic-control.js';
import { startSisFor, type ProviderFixture } from '../sim/fixtures/sis-peers.js';
import type { ScimGroup, ScimUser } from '../src/scim/index.js';
import { checkConvergence, differenceCounts, readTarget, type ConvergenceReport, type TargetSnapshot } from '../test/support/convergence-check.js';

export interface PeersRequest {
  provider: 'clever' | 'classlink';
  target: 'scimmy' | 'better-auth' | 'sink';
  /** The sink advertises and serves Bulk. */
  sinkBulk: boolean;
  students: number;
  seed: number;
  /** The bench will send `rename-student` (bench/webhook-latency.ts). */
  renames?: boolean;
}

export type PeersMessage =
  | {
      type: 'ready';
      provider: ProviderFixture;
      scim: { baseUrl: string; token: string };
      district: { users: number; groups: number; memberships: number };
      setupSeconds: number;
    }
  | { type: 'stats'; traffic: TrafficCounters; rss: number; peakRss: number; cpuSeconds: number }
  | { type: 'target'; scim: { baseUrl: string; token: string } }
  | { type: 'renamed'; raw: string }
  | { type: 'convergence'; differences: Omit<ConvergenceReport, 'examples'>; examples: string[]; seconds: number }
  | { type: 'error'; message: string };

export type PeersCommand =
  | { type: 'start'; request: PeersRequest }
  | { type: 'new-target' }
  | { type: 'stats' }
  | { type: 'reset' }
  | { type: 'stop' }
  /** Compare the first target with the district under the mapping (test/support/convergence-check.ts). */
  | { type: 'check'; providerId: string; emailDomain: string }
  /** bench/webhook-latency.ts: rename the `index`-th student (cycling) in the SIS; answers the Clever event body of that change. */
  | { type: 'rename-student'; index: number };

function send(message: PeersMessage): void {
  process.send?.(message);
}

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
sampler.unref();

let closers: Array<() => Promise<void>> = [];
let traffic: Array<{ stats: TrafficCounters; resetCounters(): void }> = [];
let startTarget: (() => Promise<ScimTarget>) | undefined;
let renaming: { store: ReturnType<typeof createDistrictStore>; students: string[] } | undefined;
let served: { district: DistrictStore; target: ScimTarget } | undefined;

type ScimTarget = {
  baseUrl: string;
  token: string;
  traffic: { stats: TrafficCounters; resetCounters(): void };
  close(): Promise<void>;
  /** The sink's store: read in process, since paging 1.5M users over HTTP only measures paging. */
  sinkStore?: SinkStore;
};

function targetStarter(request: PeersRequest): () => Promise<ScimTarget> {
  switch (request.target) {
    case 'scimmy':
      return () => startScimmyServer();
    case 'better-auth':
      return () => startBetterAuthScimServer();
    case 'sink':
      return async () => {
        const sink = await startSinkServer({ bulk: request.sinkBulk });
        return { ...sink, sinkStore: sink.store };
      };
  }
}

/** Every target's counters summed (the baseline's target joins the first one). */
function trafficStats(): TrafficCounters {
  const total: TrafficCounters = { received: 0, servedByMethod: {}, writes: 0, faulted: 0 };
  for (const { stats } of traffic) {
    total.received += stats.received;
    total.writes += stats.writes;
    total.faulted += stats.faulted;
    for (const [method, count] of Object.entries(stats.servedByMethod)) total.servedByMethod[method] = (total.servedByMethod[method] ?? 0) + count;
  }
  return total;
}

async function start(request: PeersRequest): Promise<void> {
  const started = performance.now();
  const store = createDistrictStore(generateDistrict({ seed: request.seed, students: request.students, today: new Date() }));
  if (request.renames) {
    renaming = { store, students: store.list('users').flatMap((user) => (user.roles.includes('student') ? [user.id] : [])) };
    // The store builds its enrollment ledger on the first change: not inside the timed phase.
    if (renaming.students[0]) store.mutate({ op: 'update', kind: 'users', id: renaming.students[0], patch: {} });
  }
  const sis = await startSisFor(request.provider, store);
  startTarget = targetStarter(request);
  const scim = await startTarget();
  served = { district: store, target: scim };
  traffic = [scim.traffic];
  closers = [() => sis.close(), () => scim.close()];
  send({
    type: 'ready',
    provider: sis.provider,
    scim: { baseUrl: scim.baseUrl, token: scim.token },
    district: districtSize(store),
    setupSeconds: (performance.now() - started) / 1000,
  });
}

/**
 * The roster's size as expectedRoster would count it (canonical users, sections, one
 * enrollment per teacher and student place), without building the roster: at 1M students its
 * ~5M enrollment objects cost more memory than the district itself.
 */
function districtSize(store: DistrictStore): { users: number; groups: number; memberships: number } {
  let users = 0;
  for (const user of store.list('users')) if (canonicalUser(user)) users += 1;
  let memberships = 0;
  for (const section of store.list('sections')) memberships += section.teacherIds.length + section.studentIds.length;
  return { users, groups: store.list('sections').length, memberships };
}

async function checkTarget(providerId: string, emailDomain: string): Promise<PeersMessage> {
  if (!served) throw new Error('check before start');
  const started = performance.now();
  const { district, target } = served;
  const sink = target.sinkStore;
  const snapshot: TargetSnapshot = sink
    ? {
        users: sink.listUsers(1, sink.userCount).page as unknown as ScimUser[],
        groups: sink.listGroups(1, sink.groupCount).page as unknown as ScimGroup[],
      }
    : await readTarget(target.baseUrl, target.token);
  const report = checkConvergence({ store: district, providerId, target: snapshot, emailDomain });
  return { type: 'convergence', differences: differenceCounts(report), examples: report.examples, seconds: (performance.now() - started) / 1000 };
}

// The bench died without stopping the peers: do not linger serving its district.
process.once('disconnect', () => process.exit(1));

process.on('message', (command: PeersCommand) => {
  switch (command.type) {
    case 'start':
      start(command.request).catch((error: unknown) =>
        send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      return;
    case 'new-target':
      if (!startTarget) return send({ type: 'error', message: 'new-target before start' });
      startTarget().then(
        (scim) => {
          traffic.push(scim.traffic);
          closers.push(() => scim.close());
          send({ type: 'target', scim: { baseUrl: scim.baseUrl, token: scim.token } });
        },
        (error: unknown) => send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      return;
    case 'rename-student': {
      if (!renaming?.students.length) return send({ type: 'error', message: 'rename-student before start, or a district without students' });
      const id = renaming.students[command.index % renaming.students.length]!;
      const user = renaming.store.get('users', id)!;
      const [change] = renaming.store.mutate({ op: 'update', kind: 'users', id, patch: { name: { ...user.name, last: `Latency${command.index}` } } });
      send({ type: 'renamed', raw: JSON.stringify(renderEvent(change!, renaming.store.info.id)) });
      return;
    }
    case 'reset':
      for (const counters of traffic) counters.resetCounters();
      peakRss = process.memoryUsage().rss;
      return;
    case 'stats': {
      const cpu = process.cpuUsage();
      const rss = process.memoryUsage().rss;
      peakRss = Math.max(peakRss, rss);
      send({ type: 'stats', traffic: trafficStats(), rss, peakRss, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
      return;
    }
    case 'check':
      checkTarget(command.providerId, command.emailDomain).then(send, (error: unknown) =>
        send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
      return;
    case 'stop':
      void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
      return;
  }
});
