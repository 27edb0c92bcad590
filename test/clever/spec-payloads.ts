import type { SchemaNode, SwaggerDocument } from './clever-spec.js';

/**
 * Builds payloads straight from Clever's Swagger definitions, so the client is tested against
 * what the spec allows rather than what our simulator happens to send:
 * - `filled`: every property present with a plausible value;
 * - `nulls`: every `x-nullable` property `null` (except names in `keep`), the rest filled.
 * Every object also carries unknown extra properties, which the definitions do not forbid.
 */
export interface SampleOptions {
  mode: 'filled' | 'nulls';
  keep?: ReadonlySet<string>;
}

const EXTRA = { field_clever_added_later: { nested: [1, 'two', null] }, another_unknown: 'x' };

export function samplePayload(doc: SwaggerDocument, definition: string, options: SampleOptions): unknown {
  const schema = doc.definitions[definition];
  if (!schema) throw new Error(`no definition ${definition}`);
  return sample(doc, schema, options, definition, 0);
}

function sample(doc: SwaggerDocument, schema: SchemaNode, options: SampleOptions, name: string, depth: number): unknown {
  if (options.mode === 'nulls' && schema['x-nullable'] === true && !options.keep?.has(name)) return null;
  if (typeof schema.$ref === 'string') {
    const target = doc.definitions[schema.$ref.replace('#/definitions/', '')];
    if (!target) throw new Error(`unresolved ${schema.$ref}`);
    return sample(doc, target, options, name, depth + 1);
  }
  if (Array.isArray(schema.enum)) {
    const values = schema.enum as string[];
    return values.find((value) => value !== '') ?? '';
  }
  if (schema.type === 'array') return [sample(doc, schema.items as SchemaNode, options, name, depth + 1)];
  if (schema.type === 'string') {
    if (typeof schema.pattern === 'string') return '01/02/2010';
    if (schema.format === 'date') return '2026-08-24';
    if (schema.format === 'datetime' || schema.format === 'date-time') return '2026-08-24T08:00:00.000Z';
    return `${name}-sample`;
  }
  if (schema.type === 'integer' || schema.type === 'number') return 1;
  if (schema.type === 'boolean') return true;
  const properties = (schema.properties ?? {}) as Record<string, SchemaNode>;
  const out: Record<string, unknown> = {};
  if (depth < 6) for (const [key, child] of Object.entries(properties)) out[key] = sample(doc, child, options, key, depth + 1);
  return { ...out, ...EXTRA };
}
