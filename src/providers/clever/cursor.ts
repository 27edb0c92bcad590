/**
 * Clever pages by record id (`starting_after`), so a page's resume cursor is the last id it
 * held. Users are read in one pass per canonical role (`role=student`, then teacher, staff,
 * district_admin) so contacts are never fetched; the users cursor therefore also names the pass:
 * `"<role>:<last id>"`, or `"<role>:"` for the start of a pass.
 */
const USER_PASSES = ['student', 'teacher', 'staff', 'district_admin'] as const;
export type UserPass = (typeof USER_PASSES)[number];

export interface UsersCursor {
  role: UserPass;
  after: string | undefined;
}

export function encodeUsersCursor(cursor: UsersCursor): string {
  return `${cursor.role}:${cursor.after ?? ''}`;
}

/** undefined when the string is not a users cursor this client wrote. */
export function decodeUsersCursor(cursor: string | null): UsersCursor | undefined {
  if (cursor === null) return { role: 'student', after: undefined };
  const separator = cursor.indexOf(':');
  const role = cursor.slice(0, separator) as UserPass;
  if (separator < 0 || !USER_PASSES.includes(role)) return undefined;
  const after = cursor.slice(separator + 1);
  return { role, after: after === '' ? undefined : after };
}

/** The pass after `role`, or undefined after the last one. */
export function nextUserPass(role: UserPass): UserPass | undefined {
  return USER_PASSES[USER_PASSES.indexOf(role) + 1];
}

/**
 * A user with several roles is listed in several passes; it belongs to the first pass whose
 * role it holds, so later passes drop it and every user appears exactly once.
 */
export function belongsToEarlierPass(roles: Record<string, unknown> | undefined, pass: UserPass): boolean {
  const earlier = USER_PASSES.slice(0, USER_PASSES.indexOf(pass));
  return earlier.some((role) => roles?.[role] !== undefined && roles[role] !== null);
}
