import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a tool binary: an explicit path first, then PATH, then the project's .tools/ venv
 * (installed by scripts/install-tools.sh). Throws a sentence telling what to run.
 */
export function resolveToolBinary(name: 'temporal' | 'bao', explicit: string | undefined, searchPath: string | undefined): string {
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`${name} binary "${explicit}" is not executable`);
  }
  for (const dir of (searchPath ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  const bundled = join(projectRoot, '.tools', 'venv', 'bin', name);
  if (isExecutable(bundled)) return bundled;
  throw new Error(`no ${name} binary found: run "npm run tools" (installs it into .tools/) or put it on PATH`);
}
