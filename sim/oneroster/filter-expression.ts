import { ImsxRequestError } from './imsx-error.js';

/**
 * The 1.1 filter grammar (REST binding §3.4.2): `field op 'value'`, op one of
 * `= != > >= < <= ~` (`~` is "contains"), at most two predicates joined by ` AND ` or ` OR `.
 * A field may reach one level into a reference or an array of references (`orgs.sourcedId`).
 */

type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

interface FilterPredicate {
  field: string;
  operator: FilterOperator;
  value: string;
}

export interface FilterExpression {
  predicates: [FilterPredicate] | [FilterPredicate, FilterPredicate];
  join: 'AND' | 'OR';
}

const PREDICATE = /^\s*([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?)\s*(>=|<=|!=|=|>|<|~)\s*'([^']*)'\s*/;
const JOIN = /^(AND|OR)\s+/;
/** Fields holding instants or dates: compared in time, not as text, so `…Z` and `…+00:00` agree. */
const TEMPORAL_FIELDS = new Set(['dateLastModified', 'startDate', 'endDate', 'beginDate']);

function invalid(message: string): ImsxRequestError {
  return new ImsxRequestError(400, 'invalid_filter_field', message);
}

export function parseFilter(text: string, knownFields: readonly string[]): FilterExpression {
  const predicates: FilterPredicate[] = [];
  let rest = text;
  let join: 'AND' | 'OR' = 'AND';
  for (;;) {
    const match = PREDICATE.exec(rest);
    if (!match?.[1] || !match[2] || match[3] === undefined) throw invalid(`cannot parse filter near "${rest}"`);
    const field = match[1];
    if (!knownFields.includes(field.split('.')[0] ?? '')) throw invalid(`unknown filter field "${field}"`);
    predicates.push({ field, operator: match[2] as FilterOperator, value: match[3] });
    rest = rest.slice(match[0].length);
    if (rest === '') break;
    const joined = JOIN.exec(rest);
    if (!joined?.[1] || predicates.length === 2) throw invalid(`cannot parse filter near "${rest}"`);
    join = joined[1] as 'AND' | 'OR';
    rest = rest.slice(joined[0].length);
  }
  return { predicates: predicates as FilterExpression['predicates'], join };
}

/** Scalar values at `path`; arrays and references fan out. */
function valuesAt(record: Record<string, unknown>, path: string): unknown[] {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const top = record[head];
  const items = Array.isArray(top) ? top : [top];
  if (tail === undefined) return items.map((item) => (item !== null && typeof item === 'object' && 'sourcedId' in item ? item.sourcedId : item));
  return items.map((item) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[tail] : undefined));
}

function compare(field: string, actual: string, expected: string): number {
  if (TEMPORAL_FIELDS.has(field)) {
    const a = Date.parse(actual);
    const b = Date.parse(expected);
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  }
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

function holds(predicate: FilterPredicate, value: unknown): boolean {
  const actual = value === null || value === undefined ? '' : String(value);
  if (predicate.operator === '~') return actual.toLowerCase().includes(predicate.value.toLowerCase());
  const order = compare(predicate.field.split('.').pop() ?? predicate.field, actual, predicate.value);
  switch (predicate.operator) {
    case '=':
      return order === 0;
    case '!=':
      return order !== 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
  }
}

export function matchesFilter(record: object, filter: FilterExpression): boolean {
  const results = filter.predicates.map((predicate) => {
    const values = valuesAt(record as Record<string, unknown>, predicate.field);
    // `!=` on a multi-valued field means "none equal"; the other operators mean "some value".
    return predicate.operator === '!=' ? values.every((v) => holds(predicate, v)) : values.some((v) => holds(predicate, v));
  });
  return filter.join === 'AND' ? results.every(Boolean) : results.some(Boolean);
}
