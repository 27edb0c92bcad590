import { get } from 'node:http';
import type { Registry } from 'prom-client';
import { processMetrics } from './registry.js';

/**
 * One scrape's text: several sources in the Prometheus text format, concatenated. Their
 * metric names never overlap (ours start `sis_bridge_` or are Node's defaults, the Temporal
 * SDK's start `temporal_`), so the result is one valid exposition.
 */
export type MetricsSource = () => Promise<string>;

export const METRICS_CONTENT_TYPE = processMetrics.contentType;

export function registrySource(registry: Registry, refresh?: () => Promise<void>): MetricsSource {
  return async () => {
    if (refresh) await refresh();
    return registry.metrics();
  };
}

/**
 * The Temporal SDK's worker metrics. The SDK's Rust core serves them itself on a loopback
 * port (Runtime telemetryOptions.metrics.prometheus); reading that page here puts them behind
 * the same /metrics and the same scrape authentication as ours. Read with node:http rather
 * than fetch so that scrapes do not show up as outbound-request spans in traces.
 */
export function temporalSdkSource(url: string): MetricsSource {
  return () =>
    new Promise((resolve) => {
      const unavailable = (why: string) => resolve(`# Temporal SDK metrics unavailable: ${why}\n`);
      const request = get(url, { timeout: 5000 }, (response) => {
        if (response.statusCode !== 200) {
          response.resume();
          return unavailable(`HTTP ${response.statusCode}`);
        }
        response.setEncoding('utf8');
        let text = '';
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve(text));
        response.on('error', (error) => unavailable(error.message));
      });
      request.on('timeout', () => request.destroy(new Error('timed out')));
      request.on('error', (error) => unavailable(error.message));
    });
}

export async function renderMetrics(sources: readonly MetricsSource[]): Promise<string> {
  const texts = await Promise.all(sources.map((source) => source()));
  return texts.map((text) => (text.endsWith('\n') || text === '' ? text : `${text}\n`)).join('');
}
