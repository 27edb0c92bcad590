import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { AppEnv } from '../app-env.js';
import { ApiError } from '../errors.js';

/**
 * Postgres text and jsonb cannot hold U+0000 (NUL): a value carrying one fails its INSERT or
 * query as a 500 wherever it lands. Rather than guard each column, every request is searched
 * once, before any handler runs — path parameters, query parameters, header values and JSON
 * bodies (webhook bodies included; reading the raw text here keeps the exact bytes that the
 * webhook signature is computed over) — and a NUL is a 400 naming where it was.
 */
export function rejectNul(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const fields = [...pathFields(c), ...queryFields(c.req.queries()), ...headerFields(c.req.raw.headers), ...(await bodyFields(c))];
    if (fields.length > 0) {
      throw new ApiError(400, 'validation_failed', `invalid request: ${fields.join(', ')} must not contain U+0000`, {
        fields: fields.map((field) => ({ field, message: 'must not contain U+0000 (NUL)' })),
      });
    }
    await next();
  };
}

const NUL = '\u0000';

function pathFields(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string[] {
  const segments = c.req.path.split('/');
  const pattern =
    matchedRoutes(c)
      .findLast((route) => route.method !== 'ALL')
      ?.path.split('/') ?? [];
  return segments.flatMap((segment, index) => {
    if (!decodes(segment).includes(NUL)) return [];
    const name = pattern[index]?.startsWith(':') ? pattern[index].slice(1) : `segment${index}`;
    return [`path.${name}`];
  });
}

function decodes(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function queryFields(queries: Record<string, string[]>): string[] {
  return Object.entries(queries)
    .filter(([key, values]) => key.includes(NUL) || values.some((value) => value.includes(NUL)))
    .map(([key]) => `query.${key.replaceAll(NUL, '\\0')}`);
}

function headerFields(headers: Headers): string[] {
  const found: string[] = [];
  headers.forEach((value, name) => {
    if (value.includes(NUL)) found.push(`header.${name}`);
  });
  return found;
}

async function bodyFields(c: Parameters<MiddlewareHandler<AppEnv>>[0]): Promise<string[]> {
  if (!/json/i.test(c.req.header('content-type') ?? '') || c.req.method === 'GET' || c.req.method === 'HEAD') return [];
  const text = await c.req.text();
  // JSON can only carry a NUL as the escape \u0000 (a raw control character is invalid JSON).
  if (!text.includes('\\u0000') && !text.includes(NUL)) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return []; // malformed JSON is the validator's 400
  }
  const found: string[] = [];
  walk(json, ['body'], found);
  return found;
}

function walk(value: unknown, path: string[], found: string[]): void {
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push(path.join('.'));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, [...path, String(index)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) found.push([...path, key.replaceAll(NUL, '\\0')].join('.'));
      else walk(item, [...path, key], found);
    }
  }
}
