import type { Command } from 'commander';
import type { Page, Tenant } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { integerOption, jsonObjectOption } from '../option-parsers.js';
import { fields, table } from '../output.js';

const tenantFields = (tenant: Tenant) =>
  fields([
    ['id', tenant.id],
    ['name', tenant.name],
    ['settings', JSON.stringify(tenant.settings)],
    ['created', tenant.createdAt],
    ['updated', tenant.updatedAt],
  ]);

export function registerTenantCommands(program: Command, contextOf: ContextOf): void {
  const tenants = program.command('tenants').description('tenants (districts) and their mapping defaults');

  tenants
    .command('list')
    .description('list tenants (admin token)')
    .option('--limit <n>', 'at most this many', integerOption(1))
    .option('--offset <n>', 'skip this many', integerOption(0))
    .action(async (options: { limit?: number; offset?: number }, command: Command) => {
      const { api, out } = contextOf(command);
      const page = await api.json<Page<Tenant>>('GET', '/tenants', { query: options });
      out.result(page, () =>
        table(
          ['ID', 'NAME', 'CREATED'],
          page.items.map((tenant) => [tenant.id, tenant.name, tenant.createdAt]),
        ),
      );
    });

  tenants
    .command('get')
    .description('show one tenant')
    .argument('<tenant>', 'tenant id')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const tenant = await api.json<Tenant>('GET', `/tenants/${segment(tenantId)}`);
      out.result(tenant, () => tenantFields(tenant));
    });

  tenants
    .command('create')
    .description('create a tenant (admin token)')
    .argument('<tenant>', 'tenant id: letters, digits, - and _')
    .requiredOption('--name <name>', 'display name')
    .option('--settings <json>', 'mapping defaults, e.g. \'{"emailDomain":"d42.k12.example"}\'', jsonObjectOption)
    .action(async (tenantId: string, options: { name: string; settings?: Record<string, unknown> }, command: Command) => {
      const { api, out } = contextOf(command);
      const tenant = await api.json<Tenant>('POST', '/tenants', { body: { id: tenantId, ...options } });
      out.result(tenant, () => `created tenant ${tenant.id}\n${tenantFields(tenant)}`);
    });

  tenants
    .command('update')
    .description('rename a tenant or replace its mapping defaults')
    .argument('<tenant>', 'tenant id')
    .option('--name <name>', 'new display name')
    .option('--settings <json>', 'mapping defaults (replaces them)', jsonObjectOption)
    .action(async (tenantId: string, options: { name?: string; settings?: Record<string, unknown> }, command: Command) => {
      const { api, out } = contextOf(command);
      const tenant = await api.json<Tenant>('PUT', `/tenants/${segment(tenantId)}`, { body: options });
      out.result(tenant, () => `updated tenant ${tenant.id}\n${tenantFields(tenant)}`);
    });
}
