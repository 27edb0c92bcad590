import { createServer, type Server } from 'node:http';
import { METRICS_CONTENT_TYPE, renderMetrics, type MetricsSource } from './exposition.js';
import { isAuthorizedScrape } from './scrape-auth.js';

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's own HTTP listener (METRICS_PORT): `GET /metrics` and a `GET /healthz` for
 * container health checks. A worker serves nothing else, so this stays a bare node:http server.
 */
export function serveMetrics(options: { host: string; port: number; sources: readonly MetricsSource[]; token?: string | undefined }): Promise<MetricsServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/metrics' && path !== '/healthz')) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    if (path === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (!isAuthorizedScrape(request.headers.authorization, options.token)) {
      response.writeHead(401, { 'content-type': 'text/plain' }).end('GET /metrics needs Authorization: Bearer <METRICS_TOKEN>\n');
      return;
    }
    renderMetrics(options.sources).then(
      (text) => response.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE }).end(text),
      (error: unknown) =>
        response.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}
