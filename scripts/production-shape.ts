// `npm run production-shape [-- --students N --postgres URL]`: runs the production shape from
// the build (run `npm run build` first) and prints what it measured; exits 1 unless the sync
// survived the killed worker and the SCIM target ends equal to the SIS. See
// scripts/production-shape/run-production-shape.ts for what it starts.
import { parseArgs } from 'node:util';
import { runProductionShape } from './production-shape/run-production-shape.js';

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '15' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
  },
});

const started = Date.now();
const log = (line: string) => process.stdout.write(`production-shape: ${line}\n`);
try {
  const report = await runProductionShape({
    students: Number(values.students),
    seed: Number(values.seed),
    postgresAdminUrl: values.postgres,
    log,
    showProgress: true,
  });
  const { figures } = report;
  const healthy = report.healthchecks.api.healthy && report.healthchecks.worker.healthy;
  const ok = report.run.status === 'completed' && report.target.exact && healthy;
  log(
    [
      `figures: api ready ${figures.apiReadyMs} ms · workers polling ${figures.workerReadyMs.join(' / ')} ms · followed sync ${(figures.followMs / 1000).toFixed(1)} s`,
      `activities retried after the kill ${figures.retriedActivities} · SCIM write requests ${report.scimWrites} · whole run ${((Date.now() - started) / 1000).toFixed(1)} s`,
    ].join(' · '),
  );
  log(ok ? 'PASSED: the run completed exactly after a worker was killed mid-run' : 'FAILED');
  process.exit(ok ? 0 : 1);
} catch (error) {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
}
