import { Client, Connection, type ClientInterceptors } from '@temporalio/client';

/** `interceptors`: e.g. the OpenTelemetry ones, which carry the caller's trace into workflows. */
export async function connectTemporalClient(
  address: string,
  namespace: string,
  interceptors?: ClientInterceptors,
): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({ address });
  return { client: new Client({ connection, namespace, ...(interceptors ? { interceptors } : {}) }), connection };
}

/** Deep link to a workflow run in the Temporal Web UI. */
export function workflowUiLink(uiBaseUrl: string, namespace: string, workflowId: string, runId?: string): string {
  const base = `${uiBaseUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}` : base;
}
