// The operator CLI's entry point (`npx sis-bridge …`, bin/sis-bridge.js): runs one command
// and exits with a code scripts can rely on (src/cli/exit-codes.ts).
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { CliError, EXIT } from './exit-codes.js';
import { createProgram } from './program.js';

/** The package version, from the package.json above this file (sources) or above dist/ (the build). */
function packageVersion(): string {
  for (const relative of ['../../package.json', '../../../package.json']) {
    try {
      const manifest = JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === 'sis-bridge' && manifest.version) return manifest.version;
    } catch {
      // not at this level
    }
  }
  return 'unknown';
}

const json = process.argv.includes('--json');

function fail(error: CliError): never {
  process.stderr.write(
    json
      ? `${JSON.stringify({ error: { message: error.message, exitCode: error.exitCode, details: error.details ?? null } })}\n`
      : `sis-bridge: ${error.message}\n`,
  );
  process.exit(error.exitCode);
}

try {
  await createProgram(packageVersion()).parseAsync(process.argv);
  process.exitCode = EXIT.ok;
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and --version end through here too, with code 0; usage errors were already printed.
    process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.usage);
  }
  if (error instanceof CliError) fail(error);
  fail(new CliError(`unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, EXIT.failure));
}
