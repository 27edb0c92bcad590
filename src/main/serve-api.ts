import type { Server } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../api/app-env.js';

/** Serves the app and resolves with the bound URL (PORT=0 picks a free port). */
export function serveApi(app: OpenAPIHono<AppEnv>, host: string, port: number): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      resolve({ server, url: `http://${host}:${info.port}` });
    });
    // Node closes an idle keep-alive connection after 5 s. A client (or a load balancer) that
    // reuses one just as the server closes it gets ECONNRESET: seen under a burst of webhook
    // deliveries while the event loop was busy. Idle connections live longer than the usual
    // proxy idle timeout (60 s), so the client side always closes first.
    const http = server as Server;
    http.keepAliveTimeout = 65_000;
    http.headersTimeout = 66_000;
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
