/** Where command results go: JSON documents for scripts (--json), or text for people. */
export interface Output {
  readonly json: boolean;
  /** A command's result: `value` as JSON with --json, else the text `human()` renders. */
  result(value: unknown, human: () => string): void;
  /** Raw text on stdout (CSV exports). */
  raw(text: string): void;
  /** A note for people on stderr, never mixed into a script's stdout. */
  note(text: string): void;
}

export function createOutput(json: boolean, stdout: NodeJS.WritableStream = process.stdout, stderr: NodeJS.WritableStream = process.stderr): Output {
  return {
    json,
    result(value, human) {
      stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : ensureNewline(human()));
    },
    raw(text) {
      stdout.write(text);
    },
    note(text) {
      stderr.write(ensureNewline(text));
    },
  };
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') || text === '' ? text : `${text}\n`;
}

type Cell = string | number | boolean | null | undefined;

/** Left-aligned columns, a header row, two spaces between columns; `(none)` when empty. */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  if (rows.length === 0) return '(none)';
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '-' : String(cell))));
  const widths = headers.map((header, column) => Math.max(header.length, ...text.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), ...text.map(line)].join('\n');
}

/** `key: value` lines for one record, keys padded to one width. */
export function fields(entries: ReadonlyArray<readonly [string, Cell]>): string {
  const width = Math.max(...entries.map(([key]) => key.length));
  return entries.map(([key, value]) => `${`${key}:`.padEnd(width + 2)}${value === null || value === undefined ? '-' : String(value)}`).join('\n');
}
