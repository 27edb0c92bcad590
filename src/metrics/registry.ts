import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The process's own metrics: what happened here (runs finished, requests made, deliveries).
 * One registry per process, shared by the API and the worker when they run together; each
 * instrument is defined once in instruments.ts. Tenants and users never become label values,
 * so the number of series stays bounded however many districts the bridge serves.
 */
export const processMetrics = new Registry();

let processDefaultsOn = false;

/** Node's own gauges (CPU, memory, event-loop lag, GC), once per process. */
export function collectProcessMetrics(): void {
  if (processDefaultsOn) return;
  processDefaultsOn = true;
  collectDefaultMetrics({ register: processMetrics });
}

/** `2xx`, `4xx`, …; `error` when no HTTP answer came (network failure, timeout). */
export function statusClass(status: number | undefined): string {
  return status === undefined ? 'error' : `${Math.floor(status / 100)}xx`;
}
