import { Command, Option } from 'commander';
import { contextOf } from './cli-context.js';
import { DEFAULT_API_URL } from './cli-config.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDeletionCommands } from './commands/deletions.js';
import { registerProviderCommands } from './commands/providers.js';
import { registerRunCommands } from './commands/runs.js';
import { registerScimTargetCommands } from './commands/scim-target.js';
import { registerSyncCommands } from './commands/sync.js';
import { registerTenantCommands } from './commands/tenants.js';
import { EXIT } from './exit-codes.js';

/** The `sis-bridge` command tree. Every command talks to the API over HTTP only. */
export function createProgram(version: string): Command {
  const program = new Command('sis-bridge')
    .description('Operate SIS Bridge through its API: tenants, providers, SCIM targets, syncs, held deletions, audit.')
    .version(version)
    .addOption(new Option('--url <url>', `API base URL (env SIS_BRIDGE_URL, default ${DEFAULT_API_URL})`))
    .addOption(new Option('--token <token>', 'bearer token (env SIS_BRIDGE_TOKEN, else ADMIN_API_TOKEN)'))
    .option('--json', 'print results as JSON on stdout (errors as JSON on stderr)')
    .showHelpAfterError('(add --help for usage)')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) });
  program.addHelpText(
    'after',
    `
Exit codes: ${EXIT.ok} ok · ${EXIT.failure} API error · ${EXIT.usage} usage or rejected input · ${EXIT.unreachable} API unreachable · ${EXIT.unauthorized} unauthorized · ${EXIT.notFound} not found · ${EXIT.conflict} conflict · ${EXIT.syncNotCompleted} a followed sync did not complete · ${EXIT.interrupted} interrupted`,
  );
  // Subcommands inherit the settings above (exit override, error output), so a usage error at
  // any depth reaches main's exit-code mapping.
  registerTenantCommands(program, contextOf);
  registerProviderCommands(program, contextOf);
  registerScimTargetCommands(program, contextOf);
  registerSyncCommands(program, contextOf);
  registerDeletionCommands(program, contextOf);
  registerRunCommands(program, contextOf);
  registerAuditCommand(program, contextOf);
  return program;
}
