import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';

/** Commander value parsers: a bad value is a usage error naming the option, before any request. */

export function integerOption(minimum = 0) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < minimum) throw new InvalidArgumentError(`must be an integer ≥ ${minimum}`);
    return number;
  };
}

export function jsonObjectOption(value: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch (error) {
    throw new InvalidArgumentError(`must be JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidArgumentError('must be a JSON object');
  return parsed as Record<string, unknown>;
}

/**
 * A JSON object read from a file, or from stdin with `-`: how credentials reach the CLI without
 * appearing in the process list or the shell history.
 */
export function jsonFileOption(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (error) {
    throw new InvalidArgumentError(`cannot read ${path === '-' ? 'stdin' : path} (${error instanceof Error ? error.message : String(error)})`);
  }
  return jsonObjectOption(text);
}

/** Repeatable option: `--school a --school b` → ['a', 'b']. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Comma-separated list: `--entities users,sections`. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}
