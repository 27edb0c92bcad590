import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScimHttp, pooledTransport, ScimRequestError, ScimUnavailableError } from '../../src/scim/index.js';

/**
 * The sync's pooled SCIM transport (undici's request) against plain loopback HTTP servers:
 * what it sends, that a redirect is an answer and never a second request carrying the token to
 * another origin, that headers such as Retry-After are read, and that a silent server times out.
 */

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: string;
}

type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

async function listen(handler: (request: IncomingMessage) => Answer): Promise<{
  server: Server;
  origin: string;
  seen: Seen[];
}> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      seen.push({
        method: request.method ?? '',
        url: request.url ?? '',
        authorization: request.headers.authorization,
        contentType: request.headers['content-type'],
        body,
      });
      const answer = handler(request);
      if (answer === 'hang') return;
      response.writeHead(answer.status, answer.headers ?? {});
      response.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe('the pooled SCIM transport', () => {
  let elsewhere: Awaited<ReturnType<typeof listen>>;
  let target: Awaited<ReturnType<typeof listen>>;
  const noWait = { sleep: async () => {}, retry: { maxAttempts: 2, baseDelayMs: 1 } };

  beforeAll(async () => {
    elsewhere = await listen(() => ({ status: 200, headers: { 'content-type': 'application/scim+json' }, body: '{"id":"stolen"}' }));
    target = await listen((request): Answer => {
      if (request.url?.startsWith('/scim/v2/Users/moved')) return { status: 302, headers: { location: `${elsewhere.origin}/scim/v2/Users/x` } };
      if (request.url?.startsWith('/scim/v2/Users/busy')) return { status: 429, headers: { 'retry-after': '3600' } };
      if (request.url?.startsWith('/scim/v2/Users/silent')) return 'hang';
      if (request.method === 'POST') return { status: 201, headers: { 'content-type': 'application/scim+json' }, body: '{"id":"u-1","userName":"ada"}' };
      return { status: 204 };
    });
  });

  afterAll(async () => {
    target.server.closeAllConnections();
    elsewhere.server.closeAllConnections();
    await new Promise((resolve) => target.server.close(resolve));
    await new Promise((resolve) => elsewhere.server.close(resolve));
  });

  const client = (timeoutMs = 5000) =>
    new ScimHttp({ baseUrl: `${target.origin}/scim/v2`, token: 'the-token', transport: pooledTransport, timeoutMs, ...noWait });

  it('sends the method, bearer token, SCIM media type and body, and parses the answer', async () => {
    const response = await client().request({ method: 'POST', path: '/Users', body: { userName: 'ada' } });
    expect(response).toMatchObject({ status: 201, body: { id: 'u-1', userName: 'ada' } });
    expect(response.headers.get('Content-Type')).toBe('application/scim+json');
    expect(target.seen.at(-1)).toEqual({
      method: 'POST',
      url: '/scim/v2/Users',
      authorization: 'Bearer the-token',
      contentType: 'application/scim+json',
      body: '{"userName":"ada"}',
    });
    // A 204 has no body: undefined, not a parse error.
    expect((await client().request({ method: 'DELETE', path: '/Users/u-1' })).body).toBeUndefined();
  });

  it('treats a redirect as an answer: the token never reaches the other origin', async () => {
    const failure = await client()
      .request({ method: 'GET', path: '/Users/moved' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScimRequestError);
    expect((failure as ScimRequestError).status).toBe(302);
    expect(elsewhere.seen).toEqual([]);
  });

  it('reads Retry-After from the raw headers: a wait beyond the policy is not slept through', async () => {
    const before = target.seen.length;
    const failure = await client()
      .request({ method: 'GET', path: '/Users/busy' })
      .catch((error: unknown) => error);
    expect((failure as Error).name).toBe('ScimRateLimitError');
    expect(target.seen.length - before).toBe(1);
  });

  it('gives up on a server that never answers, after the attempt timeout', async () => {
    const started = Date.now();
    const failure = await client(300)
      .request({ method: 'GET', path: '/Users/silent' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScimUnavailableError);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
