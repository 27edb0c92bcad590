import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotification {
  headers: Record<string, string>;
  rawBody: string;
  body: { id: string; type: string; tenantId: string; providerId: string; runId: string; data: Record<string, unknown> };
  /** What the receiver answered. */
  status: number;
}

/**
 * A tenant's notification endpoint on loopback that answers 500 to the first delivery of
 * each event id and 200 to the rest: every event it accepts was retried once.
 */
export async function startFlakyReceiver(): Promise<{ url: string; received: ReceivedNotification[]; close(): Promise<void> }> {
  const received: ReceivedNotification[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((request, response) => {
    let rawBody = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (rawBody += chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      const eventId = headers['x-event-id'] ?? '';
      const status = seen.has(eventId) ? 200 : 500;
      seen.add(eventId);
      received.push({ headers, rawBody, body: JSON.parse(rawBody) as ReceivedNotification['body'], status });
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sis-bridge/events`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
