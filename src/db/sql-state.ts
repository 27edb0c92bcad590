/** The Postgres SQLSTATE of an error, through drizzle's wrapper or bare (postgres.js, PGlite); undefined for other errors. */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** unique_violation */
export const UNIQUE_VIOLATION = '23505';
