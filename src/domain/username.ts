import type { RosterUser } from './roster.js';

/**
 * userName from ordered templates. Placeholders: {email}, {username}, {sisId}, {sourceId},
 * {first}, {last}, {domain}. A template whose placeholders are missing for this user is
 * skipped; the first that fills wins. On collision a numeric suffix is added before the `@`
 * (jane@x → jane2@x). Once claimed (user_name_claims, when the user is first transformed), the
 * bridge keeps a user's userName, so a later collision never renames anyone.
 */
function renderUserName(template: string, user: RosterUser, domain: string | undefined): string | undefined {
  const values: Record<string, string | undefined> = {
    email: user.email,
    username: user.username,
    sisId: user.sisId,
    sourceId: user.sourceId,
    first: slug(user.givenName),
    last: slug(user.familyName),
    domain,
  };
  let missing = false;
  const rendered = template.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const value = values[name];
    if (!value) missing = true;
    return value ?? '';
  });
  return missing || rendered.trim() === '' ? undefined : rendered.trim().toLowerCase();
}

/** The name the first filling template gives (the source id when none fills). */
export function baseUserName(user: RosterUser, templates: readonly string[], domain: string | undefined): string {
  return templates.map((template) => renderUserName(template, user, domain)).find((name) => name !== undefined) ?? user.sourceId.toLowerCase();
}

/** The name to try after `attempt` collisions: the base, then jane2@x, jane3@x, … */
export function userNameCandidate(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const at = base.indexOf('@');
  const [local, rest] = at === -1 ? [base, ''] : [base.slice(0, at), base.slice(at)];
  return `${local}${attempt + 1}${rest}`;
}

/** ASCII-only lowercase for templates built from names (José → jose, 李 → ''). */
function slug(value: string): string | undefined {
  const ascii = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return ascii || undefined;
}
