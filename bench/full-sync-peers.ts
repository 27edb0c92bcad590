/**
 * The peers of bench/full-sync.ts, in a child process of their own so the worker's RSS and CPU
 * are measured apart from them: the SIS simulator serving a generated district and the SCIM
 * target (SCIMMY with its indexed store, better-auth with `@better-auth/scim`, or the bench sink
 * whose per-request cost is negligible). `new-target` starts one more target of the same kind,
 * empty, for the plain-loop baseline's tenant.
 * Driven over IPC by the bench; not meant to be started by hand.
 */
import { renderEvent } from '../sim/clever/events.js';
import { expectedRoster } from '../sim/district/expected-roster.js';
import { generateDistrict } from '../sim/district/generator.js';
import { createDistrictStore } from '../sim/district/store.js';
import { startBetterAuthScimServer } from '../sim/scim/better-auth-server.js';
import { startScimmyServer } from '../sim/scim/scimmy-server.js';
import { startSinkServer } from '../sim/scim/sink-server.js';
import type { TrafficCounters } from '../sim/scim/traffic-control.js';
import { startSisFor, type ProviderFixture } from '../sim/fixtures/sis-peers.js';

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
  | { type: 'error'; message: string };

export type PeersCommand =
  | { type: 'start'; request: PeersRequest }
  | { type: 'new-target' }
  | { type: 'stats' }
  | { type: 'reset' }
  | { type: 'stop' }
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
let district: { store: ReturnType<typeof createDistrictStore>; students: string[] } | undefined;

type ScimTarget = { baseUrl: string; token: string; traffic: { stats: TrafficCounters; resetCounters(): void }; close(): Promise<void> };

function targetStarter(request: PeersRequest): () => Promise<ScimTarget> {
  switch (request.target) {
    case 'scimmy':
      return () => startScimmyServer();
    case 'better-auth':
      return () => startBetterAuthScimServer();
    case 'sink':
      return () => startSinkServer({ bulk: request.sinkBulk });
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
  const expected = expectedRoster(store);
  if (request.renames) {
    district = { store, students: store.list('users').flatMap((user) => (user.roles.includes('student') ? [user.id] : [])) };
    // The store builds its enrollment ledger on the first change: not inside the timed phase.
    if (district.students[0]) store.mutate({ op: 'update', kind: 'users', id: district.students[0], patch: {} });
  }
  const sis = await startSisFor(request.provider, store);
  startTarget = targetStarter(request);
  const scim = await startTarget();
  traffic = [scim.traffic];
  closers = [() => sis.close(), () => scim.close()];
  send({
    type: 'ready',
    provider: sis.provider,
    scim: { baseUrl: scim.baseUrl, token: scim.token },
    district: { users: expected.users.length, groups: expected.sections.length, memberships: expected.enrollments.length },
    setupSeconds: (performance.now() - started) / 1000,
  });
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
      if (!district?.students.length) return send({ type: 'error', message: 'rename-student before start, or a district without students' });
      const id = district.students[command.index % district.students.length]!;
      const user = district.store.get('users', id)!;
      const [change] = district.store.mutate({ op: 'update', kind: 'users', id, patch: { name: { ...user.name, last: `Latency${command.index}` } } });
      send({ type: 'renamed', raw: JSON.stringify(renderEvent(change!, district.store.info.id)) });
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
    case 'stop':
      void Promise.allSettled(closers.map((close) => close())).then(() => process.exit(0));
      return;
  }
});
