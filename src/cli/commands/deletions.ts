import type { Command } from 'commander';
import type { HeldDeletions } from '../api-types.js';
import { segment, type ContextOf } from '../cli-context.js';
import { table } from '../output.js';

export function registerDeletionCommands(program: Command, contextOf: ContextOf): void {
  const deletions = program.command('deletions').description('deprovisions a running sync holds over the deletion threshold');

  deletions
    .command('list')
    .description('the held deprovisions of the running sync of a provider')
    .argument('<tenant>', 'tenant id')
    .requiredOption('--provider <id>', 'provider id')
    .action(async (tenantId: string, options: { provider: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const held = await api.json<HeldDeletions>('GET', `/sync/${segment(tenantId)}/deletions`, { query: { providerId: options.provider } });
      out.result(held, () =>
        [
          `${held.items.length} held in ${held.workflowId}`,
          table(
            ['SEQ', 'OP', 'TYPE', 'SOURCE ID'],
            held.items.map((item) => [item.seq, item.op, item.resourceType, item.sourceId]),
          ),
        ].join('\n'),
      );
    });

  for (const decision of ['approve', 'discard'] as const) {
    deletions
      .command(decision)
      .description(decision === 'approve' ? 'apply the held deprovisions' : 'drop the held deprovisions (the users stay)')
      .argument('<tenant>', 'tenant id')
      .requiredOption('--provider <id>', 'provider id')
      .action(async (tenantId: string, options: { provider: string }, command: Command) => {
        const { api, out } = contextOf(command);
        const result = await api.json<{ providerId: string; workflowId: string; count: number }>('POST', `/sync/${segment(tenantId)}/deletions/${decision}`, {
          body: { providerId: options.provider },
        });
        out.result(result, () => `${decision === 'approve' ? 'approved' : 'discarded'} ${result.count} held deprovisions of ${result.workflowId}`);
      });
  }
}
