import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, isAbsolute, join } from 'node:path';
import { Connection } from '@temporalio/client';
import { withoutUndefined } from '../domain/without-undefined.js';
import { projectRoot } from './cli-path.js';
import { devServerArgs, readDevServerConfig, type DevServerConfig } from './dev-server-config.js';

export interface DevServerOverrides {
  namespace?: string;
  port?: number;
  uiPort?: number;
  /** null = in-memory database (tests). */
  dbFilename?: string | null;
  logLevel?: DevServerConfig['logLevel'];
}

export interface RunningDevServer {
  address: string;
  namespace: string;
  uiUrl: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Asks the OS for a free TCP port on loopback (tests run several servers side by side). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitUntilServing(address: string, namespace: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode} during start`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`temporal dev server not ready at ${address} after ${timeoutMs} ms: ${String(lastError)}`);
}

/**
 * Starts `temporal server start-dev` as described by temporal-dev.yaml (plus overrides) and
 * resolves once the namespace answers. Callers own the child: call stop() on shutdown.
 */
export async function startDevServer(options: {
  cliPath: string;
  configPath?: string;
  overrides?: DevServerOverrides;
  startTimeoutMs?: number;
  log?: (line: string) => void;
}): Promise<RunningDevServer> {
  const base = readDevServerConfig(options.configPath ?? join(projectRoot, 'temporal-dev.yaml'));
  const config: DevServerConfig = { ...base, ...withoutUndefined(options.overrides ?? {}) };
  if (config.port === 0) config.port = await freePort(config.ip);
  if (config.uiPort === 0) config.uiPort = await freePort(config.ip);
  if (config.dbFilename) {
    config.dbFilename = isAbsolute(config.dbFilename) ? config.dbFilename : join(projectRoot, config.dbFilename);
    mkdirSync(dirname(config.dbFilename), { recursive: true });
  }
  const child = spawn(options.cliPath, devServerArgs(config), { stdio: ['ignore', 'pipe', 'pipe'] });
  const forward = (chunk: Buffer) => options.log?.(chunk.toString('utf8').trimEnd());
  child.stdout?.on('data', forward);
  child.stderr?.on('data', forward);
  const address = `${config.ip}:${config.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilServing(address, config.namespace, child, options.startTimeoutMs ?? 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { address, namespace: config.namespace, uiUrl: `http://${config.ip}:${config.uiPort}`, process: child, stop };
}
