import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { segment, type ContextOf } from '../cli-context.js';
import { table } from '../output.js';

type ChangeRow = Record<string, string>;

/** "create User: 251 applied" lines: what a run did, at a glance. */
function changeSummary(rows: ChangeRow[]): string {
  const groups = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const key = `${row.op} ${row.resource_type}`;
    const statuses = groups.get(key) ?? new Map<string, number>();
    statuses.set(row.status ?? '?', (statuses.get(row.status ?? '?') ?? 0) + 1);
    groups.set(key, statuses);
  }
  return table(
    ['CHANGE', 'COUNT', 'BY STATUS'],
    [...groups].map(([key, statuses]) => [
      key,
      [...statuses.values()].reduce((a, b) => a + b, 0),
      [...statuses].map(([status, count]) => `${status} ${count}`).join(', '),
    ]),
  );
}

export function registerRunCommands(program: Command, contextOf: ContextOf): void {
  const runs = program.command('runs').description("a sync run's changes");

  runs
    .command('changes')
    .description("a run's changes: what was created, updated, deprovisioned, failed and why")
    .argument('<tenant>', 'tenant id')
    .argument('<run>', 'run id (from sync history)')
    .option('--csv', 'the CSV export itself (one line per change), as the API serves it')
    .option('-o, --output <file>', 'write the CSV to this file instead of stdout (with --csv)')
    .action(async (tenantId: string, runId: string, options: { csv?: boolean; output?: string }, command: Command) => {
      const { api, out } = contextOf(command);
      const csv = await api.text(`/tenants/${segment(tenantId)}/runs/${segment(runId)}/changes.csv`, 'text/csv');
      if (options.csv) {
        if (options.output) {
          writeFileSync(options.output, csv);
          out.note(`wrote ${options.output}`);
        } else out.raw(csv);
        return;
      }
      const rows = parse(csv, { columns: true, skip_empty_lines: true }) as ChangeRow[];
      out.result({ runId, changes: rows }, () => `${rows.length} changes in run ${runId}\n${changeSummary(rows)}\n(--csv for every line)`);
    });
}
