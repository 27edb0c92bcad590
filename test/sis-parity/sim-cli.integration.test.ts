import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuth1Signer } from '../../src/providers/classlink/oauth1-signer.js';

/** `npm run sim` as a user runs it: spawn the CLI, read what it prints, use it, stop it. */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const running = new Set<ChildProcessWithoutNullStreams>();

afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Starts the CLI and resolves with its printed `label: value` lines once it says it is ready. */
function startCli(args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; printed: Map<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], { cwd: repoRoot });
  running.add(child);
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes('Ctrl-C to stop.')) return;
      const printed = new Map<string, string>();
      for (const line of stdout.split('\n')) {
        const match = /^([a-zA-Z ]+): (.*)$/.exec(line);
        if (match) printed.set(match[1] as string, match[2] as string);
      }
      resolve({ child, printed });
    });
    child.once('exit', (code) => reject(new Error(`sim CLI exited (${String(code)}) before it was ready:\n${stdout}\n${stderr}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.once('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

describe('npm run sim', () => {
  it('serves a Clever district: prints base URL and token, answers an authenticated request, stops cleanly', async () => {
    const { child, printed } = await startCli(['--provider', 'clever', '--students', '50', '--port', '0']);
    const baseUrl = printed.get('base URL');
    const token = printed.get('token');
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.get('control')).toContain(`${baseUrl}/control`);
    expect(printed.get('try')).toContain('curl');

    const response = await fetch(`${baseUrl}/v3.0/districts`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { data: { id: string } }[] };
    expect(body.data).toHaveLength(1);
    const rejected = await fetch(`${baseUrl}/v3.0/districts`, { headers: { authorization: 'Bearer wrong' } });
    expect(rejected.status).toBe(401);

    expect(await stop(child)).toBe(0);
  });

  it('serves a OneRoster district: prints base URL, consumer key and secret, answers a signed request, stops cleanly', async () => {
    const { child, printed } = await startCli(['--provider', 'classlink', '--students', '50', '--seed', '3']);
    const baseUrl = printed.get('base URL') ?? '';
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ims\/oneroster\/v1p1$/);
    const sign = createOAuth1Signer({ consumerKey: printed.get('consumer key') ?? '', consumerSecret: printed.get('consumer secret') ?? '' });

    const url = `${baseUrl}/schools?limit=1`;
    const response = await fetch(url, { headers: { authorization: sign('GET', url) } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { orgs: unknown[] }).orgs).toHaveLength(1);

    expect(await stop(child)).toBe(0);
  });

  it('rejects a bad provider with usage help and exit code 2', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', '--provider', 'blackboard', '--students', '50'], { cwd: repoRoot });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // 'close' (not 'exit') so all of stderr has been read.
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('usage: npm run sim');
  });
});
