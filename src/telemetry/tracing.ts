import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { urlAttributes } from './url-attributes.js';

/**
 * OpenTelemetry tracing of this process, off unless an OTLP endpoint is configured. The
 * provider becomes the global one (AsyncLocalStorage context, W3C trace-context
 * propagation), so the Hono middleware, Temporal's interceptors and the fetch
 * instrumentation all add to the same traces. Outbound HTTP is traced through undici's
 * diagnostics channels, which Node's fetch publishes: the SIS and SCIM clients need no change.
 *
 * The SDK packages are the 1.x line on purpose: @temporalio/interceptors-opentelemetry 1.24
 * builds workflow spans with it, and its span processor must read those spans.
 */
export interface Tracing {
  /** Where workflow spans (sent out of the sandbox through a sink) go. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Exports what is buffered (tests, shutdown). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  endpoint: string | undefined;
  serviceName: string;
  /** How long one export may take before its batch is dropped (default 10 s, the exporter's). */
  exportTimeoutMillis?: number;
}

export function startTracing(options: TracingOptions): Tracing | undefined {
  if (!options.endpoint) return undefined;
  const resource = new Resource({ 'service.name': options.serviceName });
  // OTEL_EXPORTER_OTLP_ENDPOINT is a base URL; the traces signal path is appended (OTLP spec, "Endpoint URLs for OTLP/HTTP").
  const timeoutMillis = options.exportTimeoutMillis ?? 10_000;
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces`, timeoutMillis });
  const spanProcessor = new BatchSpanProcessor(exporter, { exportTimeoutMillis: Math.max(timeoutMillis, 30_000) });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const unregister = registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [new UndiciInstrumentation({ startSpanHook: (request) => urlAttributes(new URL(request.path, request.origin)) })],
  });
  return {
    spanProcessor,
    resource,
    flush: () => provider.forceFlush(),
    shutdown: async () => {
      unregister();
      await provider.shutdown();
    },
  };
}
