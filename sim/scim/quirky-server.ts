import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenOnLoopback } from './http-listener.js';
import { startScimmyServer, type ScimmyServer } from './scimmy-server.js';
import { TrafficControl } from './traffic-control.js';

/**
 * A deliberately quirky SCIM target, modelled on directory-sync servers met in the field: a
 * real SCIMMY server behind a rewriting front that
 * - answers 404 on the discovery endpoints (/ServiceProviderConfig, /ResourceTypes, /Schemas),
 *   which RFC 7644 §4 makes mandatory;
 * - reports `totalResults` as the size of the page it returns, not of the result set;
 * - ignores `startIndex` on /Groups (every page is the first one);
 * - caps `count` at `maxPageSize` (50) whatever the client asks.
 * Users and Groups themselves (create, filter, PATCH, PUT, DELETE) are SCIMMY's, unchanged.
 * `backend` is the undisguised server, for test code that must read the whole truth.
 */
export interface QuirkyScimServerOptions {
  token?: string;
  maxPageSize?: number;
}

export interface QuirkyScimServer {
  baseUrl: string;
  token: string;
  traffic: TrafficControl;
  backend: ScimmyServer;
  close(): Promise<void>;
}

const DISCOVERY = /\/(ServiceProviderConfig|ResourceTypes|Schemas)(\/.*)?$/;
const LISTING = /\/(Users|Groups)$/;

export async function startQuirkyScimServer(options: QuirkyScimServerOptions = {}): Promise<QuirkyScimServer> {
  const maxPageSize = options.maxPageSize ?? 50;
  // Bulk is not served: the front advertises nothing, and a client must not need it.
  const backend = await startScimmyServer({ ...(options.token ? { token: options.token } : {}), bulk: false, maxResults: 1000 });
  const backendOrigin = new URL(backend.baseUrl).origin;
  const traffic = new TrafficControl();
  const listener = await listenOnLoopback(traffic);
  listener.setHandler((request, response) => {
    forward(request, response, backendOrigin, maxPageSize).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  const basePath = new URL(backend.baseUrl).pathname;
  return {
    baseUrl: `${listener.origin}${basePath}`,
    token: backend.token,
    traffic,
    backend,
    close: async () => {
      await listener.close();
      await backend.close();
    },
  };
}

async function forward(request: IncomingMessage, response: ServerResponse, backendOrigin: string, maxPageSize: number): Promise<void> {
  const url = new URL(request.url ?? '/', backendOrigin);
  const method = request.method ?? 'GET';
  if (DISCOVERY.test(url.pathname)) {
    request.resume();
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }));
    return;
  }
  const listing = method === 'GET' ? LISTING.exec(url.pathname) : null;
  if (listing) {
    const count = Number(url.searchParams.get('count') ?? maxPageSize);
    url.searchParams.set('count', String(Math.min(Number.isFinite(count) ? count : maxPageSize, maxPageSize)));
    if (listing[1] === 'Groups') url.searchParams.delete('startIndex');
  }
  const body = await readBody(request);
  const upstream = await fetch(url, {
    method,
    headers: pickHeaders(request, ['authorization', 'content-type', 'accept']),
    ...(body.length > 0 ? { body } : {}),
  });
  let text = await upstream.text();
  if (listing && upstream.ok) {
    const list = JSON.parse(text) as { totalResults?: number; Resources?: unknown[] };
    list.totalResults = list.Resources?.length ?? 0;
    text = JSON.stringify(list);
  }
  const headers: Record<string, string> = {};
  const contentType = upstream.headers.get('content-type');
  if (contentType) headers['content-type'] = contentType;
  const location = upstream.headers.get('location');
  if (location) headers.location = location;
  response.writeHead(upstream.status, headers).end(text);
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function pickHeaders(request: IncomingMessage, names: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of names) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
