import { z } from 'zod';
import { baseUrlProblem } from './domain/base-url.js';

/**
 * The only reader of process.env. Every setting the service knows is declared here with its
 * default; `loadConfig` reports every bad variable at once rather than the first.
 * Documented for operators in .env.example.
 */

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());
const optionalUrl = z.preprocess(emptyAsUndefined, z.url().optional());
/** A service the bridge calls: http(s), no userinfo, query or fragment (src/domain/base-url.ts). */
const optionalBaseUrl = z.preprocess(
  emptyAsUndefined,
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = baseUrlProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
);
const flag = (fallback: boolean) =>
  z.preprocess(
    emptyAsUndefined,
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((value) => value === 'true' || value === '1'),
  );
const positiveInt = (fallback: number) => z.preprocess(emptyAsUndefined, z.coerce.number().int().positive().default(fallback));

/** @internal exported for its tests as well */
export const configSchema = z.object({
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).default('development')),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, z.string().default('127.0.0.1')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  /** Folder for embedded state (PGlite database, secrets key file, dev-server sqlite). */
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('.data')),

  /** Postgres connection string; without it the service runs on embedded PGlite under DATA_DIR. */
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),

  VAULT_URL: optionalUrl,
  VAULT_TOKEN: optionalString,
  /** KV v2 mount holding SIS credentials and SCIM tokens. */
  VAULT_KV_MOUNT: z.preprocess(emptyAsUndefined, z.string().default('secret')),
  /** 32 bytes as 64 hex chars or base64, for the embedded secrets store; else a key file under DATA_DIR. */
  SECRETS_KEY: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .refine((value) => decodeKey(value) !== undefined, 'must be 32 bytes, as 64 hex characters or base64')
      .optional(),
  ),

  TENANT_SERVICE_URL: optionalBaseUrl,
  TENANT_SERVICE_TOKEN: optionalString,

  /** Default provider schedule interval, in seconds. */
  DEFAULT_SYNC_INTERVAL: positiveInt(3600),
  /** Scheduled runs are incremental; one becomes a full sync (the safety net) when the last full sync is older than this, in seconds. */
  FULL_SYNC_INTERVAL: positiveInt(86_400),
  MAX_RETRY_ATTEMPTS: positiveInt(3),
  /**
   * How long a sync waits out an outage — the database, the network, the SCIM target or the
   * SIS unavailable — retrying with backoff, before the run fails (minutes; 0: do not wait).
   */
  OUTAGE_BUDGET_MINUTES: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number()
      .min(0)
      .max(24 * 60)
      .default(10),
  ),
  BATCH_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).default(100)),
  /** Records per SIS page; unset: BATCH_SIZE, at least 1000 (fewer round trips to the SIS). */
  SIS_PAGE_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(10_000).optional()),
  /** Keys per planning activity; unset: 2000. Smaller parts spread one run over more worker processes. */
  PLAN_PART_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100_000).optional()),
  /** Activities one worker process runs at once (bounds its memory and its share of a run). */
  WORKER_ACTIVITY_SLOTS: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(1000).default(20)),

  /** Default SCIM target for tenants without their own; may contain `{tenantId}`. */
  SCIM_BASE_URL: optionalBaseUrl,
  SCIM_TOKEN: optionalString,

  /** host:port of a Temporal frontend; without it a local dev server is started from temporal-dev.yaml. */
  TEMPORAL_ADDRESS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^[^\s:/]+:\d+$/, 'must be host:port, e.g. 127.0.0.1:7233')
      .optional(),
  ),
  TEMPORAL_NAMESPACE: z.preprocess(emptyAsUndefined, z.string().default('sis-bridge')),
  TEMPORAL_TASK_QUEUE: z.preprocess(emptyAsUndefined, z.string().default('sis-bridge')),
  /** Web UI base URL for links in API responses; defaults to the dev server's UI. */
  TEMPORAL_UI_URL: optionalUrl,
  /** Path to an existing Temporal CLI binary (else PATH, else .tools/). */
  TEMPORAL_CLI: optionalString,
  /** Searched for the `temporal` binary when TEMPORAL_CLI is not set. */
  PATH: optionalString,

  ADMIN_API_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),

  /** Worker processes: port of their own /metrics listener (on HOST); unset = none. The API serves /metrics on PORT. */
  METRICS_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  /** When set, GET /metrics needs `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
  /** OTLP/HTTP collector base URL (traces go to <url>/v1/traces); unset = tracing off. */
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalUrl,
  /** service.name of exported spans; default sis-bridge-api, sis-bridge-worker or sis-bridge (all-in-one). */
  OTEL_SERVICE_NAME: optionalString,
  /**
   * Whether tenant tokens may point a SIS provider or SCIM target at loopback, link-local or
   * private addresses (the admin token always may). Off in production: such a URL lets a
   * tenant make the bridge call its internal neighbours. The demo and tests turn it on.
   */
  OUTBOUND_ALLOW_PRIVATE_ADDRESSES: flag(false),
  /** Failed authentications per client address (API bearer tokens; webhook signatures) within AUTH_FAILURE_WINDOW before 429. */
  AUTH_FAILURE_LIMIT: positiveInt(20),
  /** The window of AUTH_FAILURE_LIMIT, and how long an address that exceeded it waits, in seconds. */
  AUTH_FAILURE_WINDOW: positiveInt(60),
});

/**
 * Rules between variables. Checked on the raw environment, not in the schema, so they are
 * reported together with per-variable problems instead of only once those are fixed.
 */
function crossVariableProblems(env: Record<string, string | undefined>): string[] {
  const set = (name: string) => Boolean(env[name]);
  const problems: string[] = [];
  if (set('VAULT_URL') && !set('VAULT_TOKEN')) problems.push('VAULT_TOKEN: is required when VAULT_URL is set');
  if (set('TENANT_SERVICE_URL') && !set('TENANT_SERVICE_TOKEN')) problems.push('TENANT_SERVICE_TOKEN: is required when TENANT_SERVICE_URL is set');
  if (set('SCIM_TOKEN') && !set('SCIM_BASE_URL')) problems.push('SCIM_BASE_URL: is required when SCIM_TOKEN is set');
  if (env.NODE_ENV === 'production' && !set('ADMIN_API_TOKEN')) problems.push('ADMIN_API_TOKEN: is required in production');
  return problems;
}

export type Config = z.infer<typeof configSchema>;

/** @internal exported for its tests as well */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * Parses an environment; throws ConfigError naming every bad variable.
 * @internal exported for its tests as well
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = configSchema.safeParse(env);
  const problems = [
    ...(result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
    ...crossVariableProblems(env),
  ];
  if (problems.length > 0 || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** What the operator CLI reads from the environment: where the API is and its token. */
export function cliEnvironment(): { SIS_BRIDGE_URL?: string; SIS_BRIDGE_TOKEN?: string; ADMIN_API_TOKEN?: string } {
  const { SIS_BRIDGE_URL, SIS_BRIDGE_TOKEN, ADMIN_API_TOKEN } = process.env;
  return { SIS_BRIDGE_URL, SIS_BRIDGE_TOKEN, ADMIN_API_TOKEN };
}

/** For entry points: the process environment, or a readable list of problems and exit code 2. */
export function loadConfigOrExit(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every variable and its format.\n`);
      process.exit(2);
    }
    throw error;
  }
}

/** Decodes a 32-byte key from 64 hex characters or base64; undefined when it is neither. */
export function decodeKey(value: string): Buffer | undefined {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === 32 ? decoded : undefined;
}
