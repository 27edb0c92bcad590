import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { freePort } from '../../src/temporal/dev-server.js';

export interface RunningOpenBao {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** A real OpenBao dev server (in-memory, unsealed, KV v2 mounted at `secret/`). */
export async function startOpenBao(baoPath: string): Promise<RunningOpenBao> {
  const port = await freePort();
  const token = `test-root-${randomUUID()}`;
  const child = spawn(baoPath, ['server', '-dev', `-dev-root-token-id=${token}`, `-dev-listen-address=127.0.0.1:${port}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`openbao exited with ${child.exitCode}: ${stderr}`);
    try {
      const response = await fetch(`${url}/v1/sys/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`openbao not ready at ${url}: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    token,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
