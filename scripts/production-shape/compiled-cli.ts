import { spawn } from 'node:child_process';
import { projectRoot } from '../../src/temporal/cli-path.js';

export interface CliRun {
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** The operator CLI from the build (`node dist/src/cli/main.js`), as a production install runs it. */
export function spawnCompiledCli(args: string[], env: Record<string, string>, options: { stdin?: string; showProgress?: boolean } = {}): CliRun {
  const child = spawn(process.execPath, ['dist/src/cli/main.js', ...args], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', options.showProgress ? 'inherit' : 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdin!.end(options.stdin ?? '');
  return {
    done: new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code) => resolve({ code, stdout, stderr }));
    }),
  };
}

/** Runs a CLI command to completion and parses its --json output; throws with its stderr when it fails. */
export async function cliJson<T>(args: string[], env: Record<string, string>, stdin?: string): Promise<T> {
  const { code, stdout, stderr } = await spawnCompiledCli(['--json', ...args], env, { stdin }).done;
  if (code !== 0) throw new Error(`sis-bridge ${args.join(' ')} exited ${code}: ${stderr}`);
  return JSON.parse(stdout) as T;
}
