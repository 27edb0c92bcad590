import type { Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { Logger } from '../logging/logger.js';
import { registrySource, temporalSdkSource, type MetricsSource } from '../metrics/exposition.js';
import type { MetricsEndpointOptions } from '../metrics/metrics-endpoint.js';
import { serveMetrics, type MetricsServer } from '../metrics/metrics-server.js';
import { createOperatorStateMetrics } from '../metrics/operator-state.js';
import { collectProcessMetrics, processMetrics } from '../metrics/registry.js';
import { startTracing, type Tracing } from '../telemetry/tracing.js';
import { freePort } from '../temporal/dev-server.js';
import { installTemporalRuntime } from '../temporal/worker.js';

/**
 * Metrics and traces as each entry point wires them. Process metrics and tracing start
 * first, before any client or worker exists, so everything created afterwards is observed.
 */
export interface Observability {
  tracing: Tracing | undefined;
  /** Sources of this process's /metrics; the API adds its database gauges to these. */
  sources: MetricsSource[];
  /** Flushes and stops tracing (a shutdown step). */
  stop(): Promise<void>;
}

export function startObservability(config: Config, defaultServiceName: string, logger: Logger): Observability {
  collectProcessMetrics();
  const tracing = startTracing({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: config.OTEL_SERVICE_NAME ?? defaultServiceName });
  if (tracing) logger.info({ endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }, 'exporting traces over OTLP/HTTP');
  return { tracing, sources: [registrySource(processMetrics)], stop: async () => tracing?.shutdown() };
}

/**
 * For processes that run a worker: installs the Temporal runtime with its Prometheus exporter
 * on a free loopback port (only this process reads it) and adds that page to our sources.
 */
export async function installWorkerRuntime(config: Config, observability: Observability): Promise<void> {
  const address = `127.0.0.1:${await freePort()}`;
  installTemporalRuntime(config.LOG_LEVEL, address);
  observability.sources.push(temporalSdkSource(`http://${address}/metrics`));
}

/** GET /metrics on the API: this process's sources plus the gauges read from the database. */
export function apiMetrics(config: Config, observability: Observability | undefined, database: DatabaseHandle): MetricsEndpointOptions {
  const state = createOperatorStateMetrics(database.db);
  const sources = observability?.sources ?? [registrySource(processMetrics)];
  return { sources: [...sources, registrySource(state.registry, state.refresh)], token: config.METRICS_TOKEN };
}

/** A worker's own listener on METRICS_PORT, when set. */
export async function serveWorkerMetrics(config: Config, observability: Observability, logger: Logger): Promise<MetricsServer | undefined> {
  if (config.METRICS_PORT === undefined) return undefined;
  const server = await serveMetrics({ host: config.HOST, port: config.METRICS_PORT, sources: observability.sources, token: config.METRICS_TOKEN });
  logger.info({ url: `${server.url}/metrics` }, 'worker metrics listening');
  return server;
}
