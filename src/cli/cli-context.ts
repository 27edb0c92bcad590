import type { Command } from 'commander';
import { ApiClient } from './api-client.js';
import { resolveConnection } from './cli-config.js';
import { CliError, EXIT } from './exit-codes.js';
import { createOutput, type Output } from './output.js';

/** What every command's action works with. */
export interface CliContext {
  api: ApiClient;
  out: Output;
}

export type ContextOf = (command: Command) => CliContext;

interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** Builds a command's context from the global flags (--url, --token, --json) and the environment. */
export function contextOf(command: Command): CliContext {
  const options = command.optsWithGlobals<GlobalOptions>();
  const resolved = resolveConnection(options);
  if ('problems' in resolved) throw new CliError(resolved.problems.join('\n'), EXIT.usage);
  return { api: new ApiClient(resolved.connection), out: createOutput(Boolean(options.json)) };
}

/** Path segment for an id typed by a person (tenant ids are safe, but a typo must not change the path). */
export const segment = (value: string) => encodeURIComponent(value);
