import type { Command } from 'commander';
import type { ScimTarget } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { jsonFileOption, jsonObjectOption } from '../option-parsers.js';
import { fields } from '../output.js';

const targetFields = (target: ScimTarget) =>
  fields([
    ['source', target.source],
    ['base URL', target.baseUrl],
    ['token', target.tokenConfigured === undefined ? '-' : target.tokenConfigured ? 'configured' : 'missing'],
    ['dialect', JSON.stringify(target.dialect)],
    ['updated', target.updatedAt],
  ]);

export function registerScimTargetCommands(program: Command, contextOf: ContextOf): void {
  const scimTarget = program.command('scim-target').description("the tenant's SCIM service provider");

  scimTarget
    .command('get')
    .description("show the tenant's SCIM target (or the configured default)")
    .argument('<tenant>', 'tenant id')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const target = await api.json<ScimTarget>('GET', `/tenants/${segment(tenantId)}/scim-target`);
      out.result(target, () => targetFields(target));
    });

  scimTarget
    .command('set')
    .description('set the SCIM target; the API probes it with the token first')
    .argument('<tenant>', 'tenant id')
    .option('--base-url <url>', 'SCIM base URL')
    .option('--token <token>', 'bearer token (prefer --from-file to keep it out of the process list)')
    .option('--dialect <json>', 'dialect overrides, e.g. \'{"useBulk":false}\'', jsonObjectOption)
    .option('--from-file <path>', 'request body as JSON ({"baseUrl","token","dialect"}); - reads stdin', jsonFileOption)
    .action(
      async (
        tenantId: string,
        options: { baseUrl?: string; token?: string; dialect?: Record<string, unknown>; fromFile?: Record<string, unknown> },
        command: Command,
      ) => {
        const { api, out } = contextOf(command);
        const { fromFile, ...flags } = options;
        const target = await api.json<ScimTarget>('PUT', `/tenants/${segment(tenantId)}/scim-target`, { body: { ...fromFile, ...flags } });
        out.result(target, () => `SCIM target of ${tenantId} stored\n${targetFields(target)}`);
      },
    );
}
