import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TrafficControl } from './traffic-control.js';

export interface LoopbackListener {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serve `handler` on 127.0.0.1 (port 0 unless given) behind the traffic control: every request
 * is counted, and an injected fault is answered here without reaching the real server.
 * `handler` may be attached after listening (`setHandler`) because better-auth wants its own
 * origin, which is only known once the port is.
 */
export async function listenOnLoopback(traffic: TrafficControl, port = 0): Promise<LoopbackListener & { setHandler(handler: RequestListener): void }> {
  let handler: RequestListener | undefined;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://loopback').pathname;
    const fault = traffic.admit(req.method ?? 'GET', path);
    if (fault) {
      // Drain the body so keep-alive connections stay usable after the early answer.
      req.resume();
      res.writeHead(fault.status, fault.headers).end(fault.body);
      return;
    }
    if (!handler) {
      res.writeHead(503).end();
      return;
    }
    const latency = traffic.latencyFor(req.method ?? 'GET', path);
    if (latency > 0) setTimeout(() => handler!(req, res), latency);
    else handler(req, res);
  });
  // Benchmarks open many keep-alive connections; do not let idle ones pile up forever.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${actualPort}`,
    setHandler(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
