/**
 * Webhook latency benchmark: prints figures, asserts nothing.
 *   npx tsx bench/webhook-latency.ts [--rate 20] [--seconds 30] [--students 2000]
 *     [--target scimmy|sink] [--database-url URL] [--temporal-cli PATH]
 * The measurement of a district's real-time budget is
 * `--rate 50 --seconds 60 --students N --target sink` (N the district size; compare a small and
 * a large one; the sink measures the bridge, SCIMMY the bridge plus a realistic target).
 *
 * After a full sync of a generated district (Clever simulator → the SCIM target), renames one student
 * per event at a steady rate (cycling through the students when there are more events than
 * students; each event is a new name, so each is a real change), POSTs the signed Clever event of each change to the webhook
 * route, and measures, per event, the time from its receipt (webhook_events.received_at) to
 * the SCIM write of that user (the audit entry of the run that applied it). Both instants come
 * from the database clock. Also prints the 202 response times the sender saw, and where the
 * webhook runs' time went, activity by activity. The stack: bench/webhook-latency-stack.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../src/db/database.js';
import { signWebhook } from '../src/api/routes/webhooks/delivery-checks.js';
import { syncWorkflowId } from '../src/temporal/sync-contract.js';
import { walkChain } from './full-sync-figures.js';
import { startStack } from './webhook-latency-stack.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    students: { type: 'string', default: '2000' },
    target: { type: 'string', default: 'scimmy' },
    'database-url': { type: 'string' },
    'temporal-cli': { type: 'string' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const students = Number(values.students);
const target = values.target;
if (target !== 'scimmy' && target !== 'sink') throw new Error('--target must be one of scimmy, sink');
if (!(rate > 0) || !(seconds > 0) || !Number.isInteger(students) || students <= 0) throw new Error('--rate, --seconds and --students must be positive');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const percentile = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
const figures = (label: string, values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const f = (ms: number) => `${ms.toFixed(0)} ms`;
  console.log(
    `${label.padEnd(34)} n=${sorted.length}  p50 ${f(percentile(sorted, 50))}  p95 ${f(percentile(sorted, 95))}  p99 ${f(percentile(sorted, 99))}  min ${f(sorted[0] ?? NaN)}  max ${f(sorted.at(-1) ?? NaN)}`,
  );
};

const cleanups: Array<() => Promise<unknown>> = [];
try {
  const stack = await startStack({ students, target, databaseUrl: values['database-url'], temporalCli: values['temporal-cli'] }, cleanups);
  console.log(`district: ${students} students, target ${target}, database ${stack.database.label}`);
  console.log(`full sync: ${stack.full.status}, ${stack.full.counts.created} users/groups created in ${stack.fullSeconds.toFixed(1)} s`);

  const total = Math.round(rate * seconds);
  console.log(`sending ${total} signed Clever events at ${rate}/s for ${seconds} s (one renamed student each)`);

  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const responseMs: number[] = [];
  let failedDeliveries = 0;
  const sends: Promise<void>[] = [];
  const start = performance.now();
  for (let index = 0; index < total; index += 1) {
    const due = start + (index * 1000) / rate;
    if (due > performance.now()) await sleep(due - performance.now());
    const { raw } = await stack.peers.request({ type: 'rename-student', index }, 'renamed');
    const timestamp = Math.floor(Date.now() / 1000);
    const sent = performance.now();
    sends.push(
      fetch(stack.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-timestamp': String(timestamp), 'x-signature': signWebhook(stack.secret, timestamp, raw) },
        body: raw,
      }).then(
        async (response) => {
          await response.arrayBuffer();
          if (response.status !== 202) console.error(`delivery ${index}: HTTP ${response.status}`);
          responseMs.push(performance.now() - sent);
        },
        // A delivery that never got an answer is counted, not fatal: the figures say how many.
        (error: unknown) => {
          failedDeliveries += 1;
          console.error(`delivery ${index}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`);
        },
      ),
    );
  }
  await Promise.all(sends);
  const sendSeconds = (performance.now() - start) / 1000;

  for (;;) {
    const rows = await stack.database.db.execute(sql`select count(*)::int as n from webhook_events where status <> 'applied'`);
    const open = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { n: number };
    if (open.n === 0) break;
    await sleep(250);
  }
  const result = await stack.database.db.execute(sql`
    select extract(epoch from (a.at - w.received_at)) * 1000 as ms
    from webhook_events w
    join audit_log a on a.run_id = w.claimed_by_run and a.action like 'scim.user.%' and a.details->>'sourceId' = w.payload->'data'->'object'->>'id'
    where w.provider_id = ${stack.ids.providerId}`);
  const latencies = rowsOf<{ ms: unknown }>(result).map((row) => Number(row.ms));
  const runs = await stack.database.db.execute(
    sql`select extract(epoch from (finished_at - started_at)) as seconds, (counts->>'fetched')::int as events, workflow_run_id as "workflowRunId"
        from sync_runs where trigger = 'webhook' order by started_at`,
  );
  const runRows = rowsOf<{ seconds: unknown; events: number; workflowRunId: string | null }>(runs);
  // Where a webhook run's time goes: each activity type's scheduled → closed time, over all runs.
  const activityTime = new Map<string, { count: number; busySeconds: number }>();
  for (const run of runRows) {
    if (!run.workflowRunId) continue;
    const chain = await walkChain(stack.client, syncWorkflowId(stack.ids.tenantId, stack.ids.providerId), run.workflowRunId);
    for (const [name, stats] of chain.activities) {
      const total = activityTime.get(name) ?? { count: 0, busySeconds: 0 };
      total.count += stats.count;
      total.busySeconds += stats.busySeconds;
      activityTime.set(name, total);
    }
  }
  const runCount = runRows.length;

  console.log('');
  console.log(`database: ${stack.database.label}`);
  console.log(
    `sent ${total} events in ${sendSeconds.toFixed(1)} s (${(total / sendSeconds).toFixed(1)}/s achieved); ${runCount} webhook sync runs applied them`,
  );
  console.log(`webhook runs (events, seconds): ${runRows.map((run) => `${run.events}/${Number(run.seconds).toFixed(1)}s`).join(' ')}`);
  console.log(
    `event-loop delay of this process (the API and the worker share it): p50 ${(loopDelay.percentile(50) / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`,
  );
  console.log('activity time in the webhook runs (scheduled → closed; count, total, mean):');
  for (const [name, stats] of [...activityTime].sort((a, b) => b[1].busySeconds - a[1].busySeconds))
    console.log(
      `  ${name.padEnd(24)} ${String(stats.count).padStart(5)}  ${stats.busySeconds.toFixed(1).padStart(7)} s  ${((stats.busySeconds / stats.count) * 1000).toFixed(0).padStart(6)} ms`,
    );
  if (failedDeliveries > 0) console.log(`${failedDeliveries} deliveries got no answer (their events were never stored)`);
  figures('webhook 202 response time', responseMs);
  figures('receipt → SCIM write (per event)', latencies);
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
}
