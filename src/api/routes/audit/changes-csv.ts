import type { SyncPlanItemRow } from '../../../db/queries/sync-plan-items.js';

const CHANGES_CSV_HEADER = ['seq', 'batch', 'op', 'resource_type', 'source_id', 'status', 'error', 'applied_at'] as const;

/**
 * RFC 4180 quoting. A cell starting with = + - @ (or a tab / CR) is prefixed with `'`, so a
 * SIS-supplied value cannot run as a formula when the export is opened in a spreadsheet.
 */
function cell(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function errorText(error: SyncPlanItemRow['error']): string | null {
  if (!error) return null;
  const status = error.status === undefined ? '' : `${error.status} `;
  const scimType = error.scimType ? `${error.scimType}: ` : '';
  return `${status}${scimType}${error.detail}`;
}

export function changesCsv(items: readonly SyncPlanItemRow[]): string {
  const lines = [CHANGES_CSV_HEADER.join(',')];
  for (const item of items) {
    lines.push(
      [item.seq, item.batch, item.op, item.resourceType, item.sourceId, item.status, errorText(item.error), item.appliedAt?.toISOString() ?? null]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
