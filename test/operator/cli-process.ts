import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/temporal/cli-path.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  /** Resolves when the process exits. */
  done: Promise<CliResult>;
  /** What it has written so far. */
  output(): { stdout: string; stderr: string };
}

/** The `sis-bridge` bin as an operator runs it: a child process, configured through its environment. */
export function spawnCli(args: string[], env: Record<string, string>, stdin?: string): RunningCli {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'sis-bridge.js'), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin.end(stdin ?? '');
  const done = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
  return { done, output: () => ({ stdout, stderr }) };
}

export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliResult> {
  return spawnCli(args, env, stdin).done;
}
