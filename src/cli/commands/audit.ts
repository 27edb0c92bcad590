import type { Command } from 'commander';
import type { AuditEntry, Page } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { integerOption } from '../option-parsers.js';
import { table } from '../output.js';

interface AuditOptions {
  run?: string;
  action?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export function registerAuditCommand(program: Command, contextOf: ContextOf): void {
  program
    .command('audit')
    .description("the tenant's audit trail, newest first")
    .argument('<tenant>', 'tenant id')
    .option('--run <id>', 'only entries of this sync run')
    .option('--action <action>', 'only this action, e.g. scim.user.create, provider.update')
    .option('--actor <actor>', 'only this actor, e.g. admin')
    .option('--from <instant>', 'ISO 8601 instant with offset, e.g. 2026-01-31T00:00:00Z')
    .option('--to <instant>', 'ISO 8601 instant with offset')
    .option('--limit <n>', 'at most this many (the API caps it at 200)', integerOption(1))
    .option('--offset <n>', 'skip this many', integerOption(0))
    .action(async (tenantId: string, options: AuditOptions, command: Command) => {
      const { api, out } = contextOf(command);
      const { run, ...rest } = options;
      const page = await api.json<Page<AuditEntry>>('GET', `/tenants/${segment(tenantId)}/audit`, { query: { runId: run, ...rest } });
      out.result(page, () =>
        table(
          ['AT', 'ACTOR', 'ACTION', 'TARGET', 'OUTCOME', 'RUN'],
          page.items.map((entry) => [
            entry.at,
            entry.actor,
            entry.action,
            entry.targetType ? `${entry.targetType} ${entry.targetId ?? ''}`.trim() : entry.targetId,
            entry.outcome,
            entry.runId,
          ]),
        ),
      );
    });
}
