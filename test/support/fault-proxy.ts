import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An HTTP proxy in front of a real server (a SIS simulator, a SCIM server) that injects the
 * faults of a bad day at a chosen rate: 5xx and 429 answered without reaching the server, writes
 * the server applied whose response is then lost (a 502 or a cut connection), and 200 bodies
 * cut short. Draws come from a seeded generator, so a run meets the same storm every time.
 */
export interface FaultRates {
  /** Share of requests answered 500/502/503 without reaching the server. */
  serverError?: number;
  /** Share of requests answered 429 (Retry-After: 1) without reaching the server. */
  rateLimited?: number;
  /** Share of writes (POST, PUT, PATCH, DELETE) the server applies whose response is lost. */
  lostResponse?: number;
  /** Share of successful responses whose body is cut in half (the connection then closes). */
  truncated?: number;
}

export interface FaultCounts {
  requests: number;
  serverError: number;
  rateLimited: number;
  lostResponse: number;
  truncated: number;
}

export interface FaultProxy {
  /** The upstream URL as seen through the proxy (same path, the proxy's origin). */
  url: string;
  counts: FaultCounts;
  /** Change the storm (an empty object ends it). */
  setRates(rates: FaultRates): void;
  close(): Promise<void>;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function startFaultProxy(upstreamUrl: string, rates: FaultRates, seed = 14): Promise<FaultProxy> {
  const upstream = new URL(upstreamUrl);
  const random = seededRandom(seed);
  let current = rates;
  const counts: FaultCounts = { requests: 0, serverError: 0, rateLimited: 0, lostResponse: 0, truncated: 0 };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      counts.requests += 1;
      const isWrite = WRITES.has(req.method ?? 'GET') && !(req.url ?? '').endsWith('/.search');
      if (random() < (current.serverError ?? 0)) {
        counts.serverError += 1;
        const status = [500, 502, 503][Math.floor(random() * 3)]!;
        return answer(res, status, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail: 'injected fault' });
      }
      if (random() < (current.rateLimited ?? 0)) {
        counts.rateLimited += 1;
        res.setHeader('retry-after', '1');
        return answer(res, 429, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '429', detail: 'injected rate limit' });
      }
      const response = await forward(upstream, req, body);
      if (isWrite && response.status < 300 && random() < (current.lostResponse ?? 0)) {
        counts.lostResponse += 1;
        // Applied upstream; the caller learns nothing of it.
        if (random() < 0.5) return answer(res, 502, { detail: 'injected: upstream answer lost' });
        res.socket?.destroy();
        return;
      }
      if (response.status === 200 && response.body.length > 2 && random() < (current.truncated ?? 0)) {
        counts.truncated += 1;
        res.writeHead(200, { ...response.headers, 'content-length': String(response.body.length) });
        res.write(response.body.subarray(0, Math.floor(response.body.length / 2)));
        res.socket?.destroy();
        return;
      }
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    })().catch(() => res.socket?.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = new URL(upstreamUrl);
  url.host = `127.0.0.1:${port}`;
  return {
    url: url.toString().replace(/\/$/, ''),
    counts,
    setRates: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forward(upstream: URL, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    // The Host header stays the proxy's: a signed request (OneRoster's OAuth 1.0a) names the URL the client used.
    const headers = { ...req.headers };
    delete headers.connection;
    const outgoing = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const passed: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value === undefined || ['connection', 'transfer-encoding', 'content-length', 'keep-alive'].includes(name)) continue;
          passed[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: response.statusCode ?? 502, headers: passed, body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/scim+json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** mulberry32: a small deterministic generator, enough to draw fault decisions. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
