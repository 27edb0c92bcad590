import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DefaultLogger, NativeConnection, Runtime, Worker, type LogLevel, type WorkerOptions } from '@temporalio/worker';
import { countActivityRetries } from '../metrics/activity-retries.js';
import { tracingActivityInterceptors, WORKFLOW_INTERCEPTOR_MODULES, workflowSpanSinks } from '../telemetry/temporal-tracing.js';
import type { Tracing } from '../telemetry/tracing.js';

/** This module's own extension: .ts when run from the sources (tsx), .js once compiled to dist/. */
const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';

/**
 * Workflows are registered by path: the worker bundles them into their own sandboxed context.
 * @internal also for test and bench workers built by hand
 */
export const workflowsPath = fileURLToPath(new URL(`../../workflows/index.${extension}`, import.meta.url));

/**
 * File name of the bundle `npm run build` writes at the root of dist/ (scripts/build.ts).
 * @internal shared with the build script
 */
export const PREBUILT_WORKFLOW_BUNDLE = 'workflow-bundle.js';

/** The prebuilt bundle beside the compiled code; never present next to the sources. */
const prebuiltBundlePath = fileURLToPath(new URL(`../../${PREBUILT_WORKFLOW_BUNDLE}`, import.meta.url));

/** The workflow code a worker runs: a given bundle, the build's prebuilt one, or workflows/ bundled at start. */
function workflowSource(bundle: WorkerOptions['workflowBundle']): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  if (bundle) return { workflowBundle: bundle };
  if (extension === 'js' && existsSync(prebuiltBundlePath)) return { workflowBundle: { codePath: prebuiltBundlePath } };
  return { workflowsPath };
}

export interface WorkerSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /**
   * The activity implementations, built by the composition root (src/main/compose.ts): this
   * adapter only hosts them, so it does not depend on what they touch.
   */
  activities: object;
  /** A pre-built bundle (tests bundle once and share it); otherwise the build's, else workflowsPath is bundled. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
  /** Set when OTEL_EXPORTER_OTLP_ENDPOINT is: activities and workflows join the caller's trace. */
  tracing?: Tracing;
}

const TEMPORAL_LOG_LEVELS: Record<string, LogLevel> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARN',
  error: 'ERROR',
  fatal: 'ERROR',
  silent: 'ERROR',
};

/**
 * The SDK logs through its own runtime; align it with LOG_LEVEL once per process. The entry
 * points own signal handling (src/main/shutdown.ts drains the worker before closing its
 * connection), so the runtime must not start its own shutdown on SIGINT/SIGTERM. With
 * `metricsBindAddress` the SDK's Rust core serves its worker metrics (pollers, task slots,
 * latencies) in the Prometheus format there; the worker's /metrics relays that page.
 */
export function installTemporalRuntime(logLevel: string, metricsBindAddress?: string): void {
  Runtime.install({
    logger: new DefaultLogger(TEMPORAL_LOG_LEVELS[logLevel] ?? 'INFO'),
    shutdownSignals: [],
    ...(metricsBindAddress ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBindAddress } } } } : {}),
  });
}

export async function createWorker(settings: WorkerSettings): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: settings.address });
  const source = workflowSource(settings.workflowBundle);
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    taskQueue: settings.taskQueue,
    activities: settings.activities,
    ...source,
    interceptors: {
      activity: [countActivityRetries, ...tracingActivityInterceptors(settings.tracing)],
      // Bundled at start only when traced: they add to every worker's start-up bundling time. A
      // prebuilt bundle carries them already (scripts/build.ts); without tracing the sink drops their spans.
      ...('workflowBundle' in source || !settings.tracing ? {} : { workflowModules: WORKFLOW_INTERCEPTOR_MODULES }),
    },
    sinks: workflowSpanSinks(settings.tracing),
    maxConcurrentActivityTaskExecutions: settings.maxConcurrentActivityTaskExecutions ?? 20,
  });
  return { worker, connection };
}
