import { Counter, Histogram } from 'prom-client';
import { processMetrics } from './registry.js';

/**
 * Every event metric of the bridge. Label values come from small closed sets (outcomes,
 * modes, provider kinds, SCIM operations, status classes, activity and event types).
 */

const registers = [processMetrics];

export const syncRuns = new Counter({
  name: 'sis_bridge_sync_runs_total',
  help: 'Sync runs finished, by outcome (completed, failed, cancelled), mode (full, incremental, selective) and trigger.',
  labelNames: ['outcome', 'mode', 'trigger'] as const,
  registers,
});

export const syncRunDuration = new Histogram({
  name: 'sis_bridge_sync_run_duration_seconds',
  help: 'Wall time from a run being opened to it being finished, time awaiting deletion approval included.',
  labelNames: ['outcome', 'mode'] as const,
  buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21_600],
  registers,
});

export const scimRequests = new Counter({
  name: 'sis_bridge_scim_requests_total',
  help: 'HTTP requests to SCIM targets (every attempt, retries included), by operation, resource type and status class.',
  labelNames: ['operation', 'resource', 'status_class'] as const,
  registers,
});

export const scimRequestDuration = new Histogram({
  name: 'sis_bridge_scim_request_duration_seconds',
  help: 'Time to the response headers of a SCIM request attempt.',
  labelNames: ['operation'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

export const sisRequests = new Counter({
  name: 'sis_bridge_sis_requests_total',
  help: 'HTTP requests to SIS APIs (every attempt, retries included), by provider kind and status class.',
  labelNames: ['provider', 'status_class'] as const,
  registers,
});

export const sisRequestDuration = new Histogram({
  name: 'sis_bridge_sis_request_duration_seconds',
  help: 'Time to the response headers of a SIS request attempt.',
  labelNames: ['provider'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers,
});

export const activityRetries = new Counter({
  name: 'sis_bridge_activity_retries_total',
  help: 'Activity attempts after the first (Temporal retried the activity), by activity type.',
  labelNames: ['activity'] as const,
  registers,
});

export const webhookDeliveries = new Counter({
  name: 'sis_bridge_webhook_deliveries_total',
  help: 'Webhook deliveries received, by provider kind and result (accepted, unauthorized, forbidden, invalid, too_large, rate_limited, error).',
  labelNames: ['provider', 'result'] as const,
  registers,
});

export const webhookEvents = new Counter({
  name: 'sis_bridge_webhook_events_total',
  help: 'Events in accepted webhook deliveries, by provider kind and outcome (stored, duplicate).',
  labelNames: ['provider', 'outcome'] as const,
  registers,
});

export const webhookApplyLatency = new Histogram({
  name: 'sis_bridge_webhook_apply_latency_seconds',
  help: 'From a webhook event being received to the run that applied it completing, per event.',
  labelNames: ['provider'] as const,
  buckets: [0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300, 900, 3600],
  registers,
});

export const notificationDeliveries = new Counter({
  name: 'sis_bridge_notification_deliveries_total',
  help: 'Signed notification POSTs to tenant endpoints, by event type and result (delivered, failed; failed attempts are retried).',
  labelNames: ['event', 'result'] as const,
  registers,
});
