import type { Command } from 'commander';
import type { Page, Provider } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { integerOption, jsonFileOption } from '../option-parsers.js';
import { fields, table } from '../output.js';

interface ProviderFlags {
  kind?: string;
  name?: string;
  baseUrl?: string;
  districtId?: string;
  token?: string;
  consumerKey?: string;
  consumerSecret?: string;
  interval?: number;
  webhookSecret?: string;
  enabled?: boolean;
  fromFile?: Record<string, unknown>;
}

type Body = Record<string, unknown>;

const defined = (entries: Record<string, unknown>): Body => Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));

/** The request body from flags on top of --from-file (one level deep: connection, credentials, webhook). */
function providerBody(flags: ProviderFlags): Body {
  const fromFlags: Body = defined({
    kind: flags.kind,
    name: flags.name,
    scheduleIntervalSeconds: flags.interval,
    enabled: flags.enabled,
  });
  const nested: Record<string, Body> = {
    connection: defined({ baseUrl: flags.baseUrl, districtId: flags.districtId }),
    credentials: defined({ token: flags.token, consumerKey: flags.consumerKey, consumerSecret: flags.consumerSecret }),
    webhook: defined({ secret: flags.webhookSecret }),
  };
  const body: Body = { ...flags.fromFile, ...fromFlags };
  for (const [key, value] of Object.entries(nested)) {
    const base = flags.fromFile?.[key];
    if (Object.keys(value).length > 0) body[key] = { ...(typeof base === 'object' && base !== null ? base : {}), ...value };
  }
  return body;
}

function schedule(provider: Provider): string {
  if (!provider.schedule) return 'none';
  const next = provider.schedule.nextRunTimes[0];
  return `every ${provider.schedule.intervalSeconds ?? '?'} s${provider.schedule.paused ? ' (paused)' : ''}${next ? `, next ${next}` : ''}`;
}

const providerFields = (provider: Provider) =>
  fields([
    ['id', provider.id],
    ['tenant', provider.tenantId],
    ['kind', provider.kind],
    ['name', provider.name],
    ['enabled', provider.enabled],
    ['base URL', provider.connection.baseUrl],
    ['district', provider.connection.districtId],
    ['schedule', schedule(provider)],
    ['webhook secret', provider.webhook.secretConfigured ? 'configured' : 'none'],
  ]);

/** Connection and credential flags shared by create and update. */
function withProviderFlags(command: Command): Command {
  return command
    .option('--name <name>', 'display name')
    .option('--base-url <url>', 'SIS API base URL')
    .option('--district-id <id>', 'SIS district id')
    .option('--token <token>', 'Clever district token')
    .option('--consumer-key <key>', 'ClassLink OneRoster consumer key')
    .option('--consumer-secret <secret>', 'ClassLink OneRoster consumer secret')
    .option('--interval <seconds>', 'scheduled sync interval', integerOption(1))
    .option('--webhook-secret <secret>', 'HMAC key of signed webhooks (write-only)')
    .option('--from-file <path>', 'request body as JSON, flags override its fields; - reads stdin (keeps secrets off the command line)', jsonFileOption);
}

export function registerProviderCommands(program: Command, contextOf: ContextOf): void {
  const providers = program.command('providers').description("a tenant's SIS connections (Clever, ClassLink)");

  providers
    .command('list')
    .description("list a tenant's providers with their schedules")
    .argument('<tenant>', 'tenant id')
    .action(async (tenantId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const page = await api.json<Page<Provider>>('GET', `/tenants/${segment(tenantId)}/providers`);
      out.result(page, () =>
        table(
          ['ID', 'KIND', 'NAME', 'ENABLED', 'BASE URL', 'SCHEDULE'],
          page.items.map((provider) => [provider.id, provider.kind, provider.name, provider.enabled, provider.connection.baseUrl, schedule(provider)]),
        ),
      );
    });

  providers
    .command('get')
    .description('show one provider (credentials are write-only)')
    .argument('<tenant>', 'tenant id')
    .argument('<provider>', 'provider id')
    .action(async (tenantId: string, providerId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      const provider = await api.json<Provider>('GET', `/tenants/${segment(tenantId)}/providers/${segment(providerId)}`);
      out.result(provider, () => providerFields(provider));
    });

  withProviderFlags(
    providers
      .command('create')
      .description('connect a SIS: the API checks the credentials against it, stores them and creates the schedule')
      .argument('<tenant>', 'tenant id')
      .option('--kind <kind>', 'clever or classlink'),
  )
    .option('--disabled', 'create it disabled (its schedule paused)')
    .action(async (tenantId: string, options: ProviderFlags & { disabled?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      const { disabled, ...flags } = options;
      const body = providerBody({ ...flags, ...(disabled ? { enabled: false } : {}) });
      const provider = await api.json<Provider>('POST', `/tenants/${segment(tenantId)}/providers`, { body });
      out.result(provider, () => `created provider ${provider.id}\n${providerFields(provider)}`);
    });

  withProviderFlags(
    providers
      .command('update')
      .description('change a provider: omitted fields keep their value; credentials rotate')
      .argument('<tenant>', 'tenant id')
      .argument('<provider>', 'provider id'),
  )
    .option('--enable', 'enable it (resumes its schedule)')
    .option('--disable', 'disable it (pauses its schedule)')
    .action(async (tenantId: string, providerId: string, options: ProviderFlags & { enable?: boolean; disable?: boolean }, command: Command) => {
      const { api, out } = contextOf(command);
      const { enable, disable, ...flags } = options;
      if (enable && disable) command.error('--enable and --disable exclude each other', { exitCode: 2 });
      const body = providerBody({ ...flags, ...(enable ? { enabled: true } : disable ? { enabled: false } : {}) });
      const provider = await api.json<Provider>('PUT', `/tenants/${segment(tenantId)}/providers/${segment(providerId)}`, { body });
      out.result(provider, () => `updated provider ${provider.id}\n${providerFields(provider)}`);
    });

  providers
    .command('delete')
    .description('remove a provider, its schedule and its secrets')
    .argument('<tenant>', 'tenant id')
    .argument('<provider>', 'provider id')
    .action(async (tenantId: string, providerId: string, _options: unknown, command: Command) => {
      const { api, out } = contextOf(command);
      await api.json('DELETE', `/tenants/${segment(tenantId)}/providers/${segment(providerId)}`);
      out.result({ deleted: providerId }, () => `deleted provider ${providerId}`);
    });
}
