import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { projectRoot } from '../../src/temporal/cli-path.js';
import { healthcheckCommand, PRODUCTION_COMMANDS, type BridgeRole } from './bridge-environment.js';

export interface BridgeProcess {
  name: string;
  role: BridgeRole;
  pid: number;
  child: ChildProcess;
  /** Resolves with the time from spawn until the process logged that it serves (API) or polls (worker). */
  ready: Promise<number>;
  /** The last lines it logged, for a failure message. */
  logTail(): string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** What each role logs once it works (src/main/api.ts, src/main/worker.ts). */
const READY_MESSAGE: Record<BridgeRole, string> = { api: 'API listening', worker: 'worker polling' };

/** A bridge process started exactly as in production: `node dist/…` from the project root, env only. */
export function spawnBridge(role: BridgeRole, name: string, env: Record<string, string>): BridgeProcess {
  const [command, ...args] = PRODUCTION_COMMANDS[role];
  const started = Date.now();
  const child = spawn(command, args, { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  const remember = (line: string) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
  };
  const ready = new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      remember(line);
      if (line.includes(`"msg":"${READY_MESSAGE[role]}"`)) resolve(Date.now() - started);
    });
    createInterface({ input: child.stderr! }).on('line', remember);
    child.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it was ready:\n${tail.join('\n')}`)));
  });
  ready.catch(() => {});
  return {
    name,
    role,
    pid: child.pid!,
    child,
    ready,
    logTail: () => tail.join('\n'),
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill(signal);
      });
    },
  };
}

/** Runs the image's healthcheck command for a role with that role's environment; true when it exits 0. */
export function healthcheckPasses(role: BridgeRole, env: Record<string, string>): { healthy: boolean; output: string } {
  const [command, ...args] = healthcheckCommand(role);
  const result = spawnSync(command, args, { cwd: projectRoot, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 30_000 });
  return { healthy: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}
