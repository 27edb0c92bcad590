import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/temporal/cli-path.js';

/**
 * A third-party SCIM 2.0 server on loopback: PyPI `scim2-server` (python-scim project, pinned
 * in scripts/install-tools.sh, installed by `npm run tools -- --test-peers`), run as its own
 * process with in-memory storage. Nobody on this project wrote it.
 *
 * What 0.8.3 really does (probed by hand and relied on by the convergence suite):
 * - Serves /ServiceProviderConfig (patch, bulk ≤1000 ops, filter maxResults 1000, sort, etag),
 *   /ResourceTypes and /Schemas (enterprise User extension included) under /v2.
 * - Users and Groups with RFC 7644 filters (`eq` on externalId/userName/displayName), PUT,
 *   DELETE, PATCH answering 204; userName and externalId unique (409 uniqueness).
 * - Group member removal only as `members[value eq "…"]`; a `remove` on `members` with a value
 *   array is refused (400). Members are not checked against Users, and deleting a User leaves
 *   its id in the groups it belonged to (a dangling member).
 */
export interface Scim2Server {
  /** SCIM base URL, e.g. http://127.0.0.1:41234/v2 */
  baseUrl: string;
  token: string;
  close(): Promise<void>;
}

function scim2ServerBinary(): string {
  return join(projectRoot, '.tools', 'scim2-server', 'bin', 'scim2-server');
}

export async function startScim2Server(options: { token?: string } = {}): Promise<Scim2Server> {
  const binary = scim2ServerBinary();
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(`scim2-server is not installed at ${binary}: run "npm run tools -- --test-peers"`);
  }
  const token = options.token ?? `scim2-${randomBytes(24).toString('hex')}`;
  const port = await freePort();
  const child = spawn(binary, ['--hostname', '127.0.0.1', '--port', String(port), '--bearer-token', token], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Keep the tail only: the server logs every request there.
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const baseUrl = `http://127.0.0.1:${port}/v2`;
  try {
    await waitUntilServing(child, `${baseUrl}/ServiceProviderConfig`, token, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { baseUrl, token, close: () => stop(child) };
}

async function waitUntilServing(child: ChildProcess, url: string, token: string, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scim2-server exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`scim2-server did not answer ${url} within 30 s: ${log()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
