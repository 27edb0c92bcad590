import { spawn, type ChildProcess } from 'node:child_process';
import { projectRoot } from '../../src/temporal/cli-path.js';

const STDERR_TAIL_CHUNKS = 40;
const stderrTails = new WeakMap<ChildProcess, string[]>();

/** The production worker entry point (`npm run worker`), or another worker entry, as a real child process. */
export function spawnWorkerProcess(env: Record<string, string>, entry = 'src/main/worker.ts'): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const tail: string[] = [];
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    tail.push(chunk);
    while (tail.length > STDERR_TAIL_CHUNKS) tail.shift();
  });
  stderrTails.set(child, tail);
  return child;
}

/** The last things a worker process wrote to stderr, to explain why it died (a crash trace). */
export function stderrTail(child: ChildProcess): string {
  return (stderrTails.get(child) ?? []).join('').slice(-4_000);
}

export function killed(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
