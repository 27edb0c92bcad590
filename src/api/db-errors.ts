/** Postgres unique_violation (SQLSTATE 23505), through drizzle's error wrapper or bare (postgres.js, PGlite). */
export function isUniqueViolation(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
