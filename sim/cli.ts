import { parseArgs } from 'node:util';
import { startCleverSimulator } from './clever/server.js';
import { generateDistrict, MIN_STUDENTS } from './district/generator.js';
import { createDistrictStore } from './district/store.js';
import { startOneRosterSimulator } from './oneroster/server.js';

/**
 * `npm run sim -- --provider clever|classlink --students N [--seed S] [--port P]`
 *
 * Generates a synthetic district and serves it from the Clever (Data API v3.0 + Events API)
 * or the OneRoster 1.1 (ClassLink) simulator on 127.0.0.1 for manual use, printing the base
 * URL, credentials, control endpoint and a sample request, until Ctrl-C.
 */

interface SimCliOptions {
  provider: 'clever' | 'classlink';
  students: number;
  seed: number;
  port: number;
}

const USAGE = `usage: npm run sim -- --provider clever|classlink --students N [--seed S] [--port P]
  --provider   clever (Data API v3.0 + Events) or classlink (OneRoster 1.1, OAuth 1.0a)
  --students   district size, an integer >= ${MIN_STUDENTS}
  --seed       generator seed (default 1): same seed and size, same district
  --port       port on 127.0.0.1 (default 0: a free one)`;

class UsageError extends Error {}

function integerOption(name: string, value: string | undefined, fallback: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`--${name} is required`);
    return fallback;
  }
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function parseSimArgs(argv: readonly string[]): SimCliOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: { provider: { type: 'string' }, students: { type: 'string' }, seed: { type: 'string' }, port: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const provider = values.provider;
  if (provider !== 'clever' && provider !== 'classlink')
    throw new UsageError(`--provider must be clever or classlink, got ${JSON.stringify(provider ?? null)}`);
  return {
    provider,
    students: integerOption('students', values.students, undefined, MIN_STUDENTS),
    seed: integerOption('seed', values.seed, 1, 0, 0xffffffff),
    port: integerOption('port', values.port, 0, 0, 65_535),
  };
}

interface RunningSimulator {
  lines: string[];
  close(): Promise<void>;
}

async function start(options: SimCliOptions): Promise<RunningSimulator> {
  const store = createDistrictStore(generateDistrict({ seed: options.seed, students: options.students }));
  const users = store.list('users').length;
  const sections = store.list('sections').length;
  const summary = `district "${store.info.name}" (seed ${options.seed}, ${options.students} students, ${users} users incl. contacts, ${sections} sections)`;

  if (options.provider === 'clever') {
    const sim = await startCleverSimulator({ store, port: options.port });
    return {
      close: () => sim.close(),
      lines: [
        `Clever simulator (Data API v3.0 + Events API): ${summary}`,
        `base URL: ${sim.baseUrl}`,
        `API: ${sim.baseUrl}/v3.0`,
        `token: ${sim.token}`,
        `control: ${sim.baseUrl}/control  (POST /mutate, /faults, /rate-limit, /expire-events; see sim/clever/README.md)`,
        `try: curl -s -H 'Authorization: Bearer ${sim.token}' '${sim.baseUrl}/v3.0/users?role=teacher&limit=2'`,
      ],
    };
  }
  const sim = await startOneRosterSimulator({ store, port: options.port });
  return {
    close: () => sim.close(),
    lines: [
      `OneRoster 1.1 simulator (ClassLink): ${summary}`,
      `base URL: ${sim.baseUrl}`,
      `consumer key: ${sim.consumerKey}`,
      `consumer secret: ${sim.consumerSecret}`,
      `control: ${sim.origin}/control  (POST /mutate, GET|POST /faults)`,
      'note: rostering requests need an OAuth 1.0a HMAC-SHA256 Authorization header (src/providers/classlink/oauth1-signer.ts); curl cannot sign them',
      `try: curl -s '${sim.origin}/control/faults'`,
    ],
  };
}

async function main(): Promise<void> {
  let options: SimCliOptions;
  try {
    options = parseSimArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  process.stderr.write(`generating a ${options.students}-student district…\n`);
  const sim = await start(options);
  process.stdout.write(`${sim.lines.join('\n')}\nCtrl-C to stop.\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: shutting down\n`);
    sim.close().then(
      () => {
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`error while closing: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
