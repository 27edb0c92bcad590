import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { load } from 'js-yaml';

/**
 * Loads Clever's official Swagger 2.0 files (sim/clever/spec/) and turns their definitions into
 * JSON Schema ajv can run:
 * - `x-nullable: true` also admits `null` (Swagger 2.0 has no null type);
 * - `format: datetime` (not a JSON Schema format) and the `x-*` vendor keys are dropped;
 * - `discriminator` is dropped; events are checked against `definitions[event.type]` instead;
 * - a `$ref` with sibling keys becomes `allOf: [{ $ref }]` plus the siblings.
 */
export type SchemaNode = Record<string, unknown>;
export interface SwaggerDocument {
  definitions: Record<string, SchemaNode>;
  paths: Record<string, { get?: { parameters?: SchemaNode[]; responses: Record<string, SchemaNode> } }>;
  responses: Record<string, { schema: SchemaNode }>;
}

const specDir = fileURLToPath(new URL('../../sim/clever/spec/', import.meta.url));

export function loadSpec(file: 'v3.0.yml' | 'v3.0-events.yml'): SwaggerDocument {
  return load(readFileSync(`${specDir}${file}`, 'utf8')) as SwaggerDocument;
}

function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const source = node as SchemaNode;
  const out: SchemaNode = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-') || key === 'discriminator') continue;
    if (key === 'format' && value === 'datetime') continue;
    out[key] =
      key === 'properties' || key === 'definitions'
        ? Object.fromEntries(Object.entries(value as SchemaNode).map(([name, schema]) => [name, toJsonSchema(schema)]))
        : toJsonSchema(value);
  }
  if (typeof out.$ref === 'string' && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    Object.assign(out, { allOf: [{ $ref }], ...rest });
    delete out.$ref;
  }
  if (source['x-nullable'] === true) {
    if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else return { anyOf: [out, { type: 'null' }] };
  }
  return out;
}

export interface CleverValidators {
  /** Validates `body` against `definitions[name]` of the given spec file. */
  validate(file: 'v3.0.yml' | 'v3.0-events.yml', name: string, body: unknown): string[];
  data: SwaggerDocument;
  events: SwaggerDocument;
}

export function cleverValidators(): CleverValidators {
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictTypes: false }));
  const docs = { 'v3.0.yml': loadSpec('v3.0.yml'), 'v3.0-events.yml': loadSpec('v3.0-events.yml') };
  for (const [file, doc] of Object.entries(docs)) {
    ajv.addSchema({ $id: `clever:${file}`, definitions: toJsonSchema(doc.definitions) } as SchemaNode);
  }
  const cache = new Map<string, ValidateFunction>();
  return {
    data: docs['v3.0.yml'],
    events: docs['v3.0-events.yml'],
    validate(file, name, body) {
      const key = `${file}#${name}`;
      let validator = cache.get(key);
      if (!validator) {
        validator = ajv.getSchema(`clever:${file}#/definitions/${name}`);
        if (!validator) throw new Error(`no definition ${name} in ${file}`);
        cache.set(key, validator);
      }
      return validator(body) ? [] : (validator.errors ?? []).map((error) => `${error.instancePath} ${error.message ?? ''}`);
    },
  };
}

/** `#/definitions/UsersResponse` → `UsersResponse`; `#/responses/NotFound` → its schema's definition. */
export function definitionOf(doc: SwaggerDocument, ref: SchemaNode): string {
  const schemaRef = (ref.schema as SchemaNode | undefined)?.$ref ?? ref.$ref;
  if (typeof schemaRef !== 'string') throw new Error('response without $ref');
  if (schemaRef.startsWith('#/responses/')) return definitionOf(doc, doc.responses[schemaRef.slice('#/responses/'.length)] as SchemaNode);
  return schemaRef.slice('#/definitions/'.length);
}
