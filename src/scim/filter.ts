/**
 * SCIM filter strings (RFC 7644 §3.4.2.2). A string comparison value is a JSON string
 * (`compValue = ... / string` per RFC 7159 §7), so `"` and `\` must be backslash-escaped and
 * control characters written as \uXXXX; non-ASCII letters go through unchanged.
 */

const ATTRIBUTE_PATH = /^(?:urn:[A-Za-z0-9:._-]+:)?[A-Za-z][A-Za-z0-9_$-]*(?:\.[A-Za-z][A-Za-z0-9_$-]*)?$/;

/** `value` as a quoted SCIM filter literal. */
export function quoteFilterValue(value: string): string {
  return JSON.stringify(value);
}

/** `attribute eq "value"`, escaped. Throws on an attribute path that is not a plain name. */
export function eqFilter(attribute: string, value: string): string {
  return comparison(attribute, 'eq', value);
}

/** `attribute sw "value"`, escaped. */
export function swFilter(attribute: string, value: string): string {
  return comparison(attribute, 'sw', value);
}

/** Whether `value` needs a backslash escape to appear in a filter literal. */
export function needsFilterEscaping(value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is searched for
  return /["\\\u0000-\u001f]/.test(value);
}

/**
 * The longest leading part of `value` that needs no escaping. For targets whose filter parser
 * mishandles escapes, a `sw` on this prefix plus an exact comparison on the client finds the
 * same resource without sending a backslash.
 */
export function unescapedPrefix(value: string): string {
  // eslint-disable-next-line no-control-regex -- see needsFilterEscaping
  const index = value.search(/["\\\u0000-\u001f]/);
  return index === -1 ? value : value.slice(0, index);
}

function comparison(attribute: string, operator: 'eq' | 'sw', value: string): string {
  if (!ATTRIBUTE_PATH.test(attribute)) throw new Error(`not a SCIM attribute path: ${attribute}`);
  return `${attribute} ${operator} ${quoteFilterValue(value)}`;
}
