import { createRequire } from 'node:module';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Tracing } from './tracing.js';

/**
 * Temporal's OpenTelemetry interceptors: the client puts the caller's span context into the
 * workflow's headers, the workflow's interceptors pass it on to activities and child
 * workflows, and activities continue the trace on the worker.
 *
 * Workflow interceptors run inside the deterministic sandbox, so they are bundled with the
 * workflow code (this module list) and hand their finished spans to the worker through a
 * sink. A worker that bundles at start includes them only when tracing is on; a prebuilt
 * bundle for traced workers must be built with them, and serves untraced workers too: the
 * sink then drops the spans. Sinks are not part of workflow history, so switching tracing on
 * or off never affects replay.
 */
export const WORKFLOW_INTERCEPTOR_MODULES = [createRequire(import.meta.url).resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')];

export function tracingClientInterceptors(tracing: Tracing | undefined): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

export function tracingActivityInterceptors(tracing: Tracing | undefined): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}

/** The sink the workflow interceptors export through (a no-op one when tracing is off). */
export function workflowSpanSinks(tracing: Tracing | undefined): InjectedSinks<OpenTelemetrySinks> {
  return { exporter: tracing ? makeWorkflowExporter(tracing.spanProcessor, tracing.resource) : { export: { fn: () => {} } } };
}
