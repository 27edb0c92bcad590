import { serve, type ServerType } from '@hono/node-server';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../api/app-env.js';

/** Serves the app and resolves with the bound URL (PORT=0 picks a free port). */
export function serveApi(app: OpenAPIHono<AppEnv>, host: string, port: number): Promise<{ server: ServerType; url: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info) => {
      resolve({ server, url: `http://${host}:${info.port}` });
    });
  });
}

export function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
