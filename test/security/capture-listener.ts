import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Text every answer of the listener carries, so a test can prove it never reaches an API caller. */
export const CAPTURE_BODY_MARKER = 'internal-page-7f3a9c';

/**
 * An HTTP listener on loopback that records every request it receives (method, URL, headers,
 * body) and answers 200 with an HTML page, like an internal web UI would. It stands for the
 * attacker's host (or an internal service) in tests that prove what the bridge sends where.
 */
export interface CaptureListener {
  baseUrl: string;
  requests: CapturedRequest[];
  /** Everything received, as one string to search for secrets. */
  dump(): string;
  close(): Promise<void>;
}

export interface CannedAnswer {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export async function startCaptureListener(
  respond?: (request: CapturedRequest) => CannedAnswer | undefined | Promise<CannedAnswer | undefined>,
): Promise<CaptureListener> {
  const requests: CapturedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const captured = { method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(captured);
      void Promise.resolve(respond?.(captured)).then((custom) => {
        const answer = custom ?? { status: 200, headers: { 'content-type': 'text/html' }, body: `<html><title>${CAPTURE_BODY_MARKER}</title></html>` };
        response.writeHead(answer.status, answer.headers ?? {});
        response.end(answer.body);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    dump: () => JSON.stringify(requests),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
