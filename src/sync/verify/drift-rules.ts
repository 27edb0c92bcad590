import { canonicalJson } from '../../domain/canonical-json.js';

/**
 * How a resource on the target differs from what the bridge recorded as applied. Pure rules,
 * no I/O. Only the attributes the bridge writes are compared, each the way targets are known
 * to store them:
 * - an attribute the target does not return at all is not drift: many targets keep only part
 *   of the User schema (RFC 7643 §2.5: unassigned attributes are omitted), and counting those
 *   would re-send every user on every run without ever converging;
 * - complex attributes (`name`, the enterprise extension) compare only the sub-attributes the
 *   bridge sent, since targets add their own (e.g. a computed `formatted`);
 * - `userName` and email values compare case-insensitively (RFC 7643 §4.1.1: caseExact false);
 * - `externalId` is the bridge's key on the target: missing counts as drift too.
 */

/** The enterprise extension's key on the wire (RFC 7643 §4.3); the bridge records it as `enterprise`. */
const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

export interface ResourceDrift {
  /** Attributes whose value on the target differs from the applied document. */
  attributes: string[];
  /** The applied document with those attributes as the target holds them. */
  observed: Record<string, unknown>;
}

export interface UserDrift extends ResourceDrift {
  /** `active` on the target, when it says; undefined when it does not return the attribute. */
  active: boolean | undefined;
}

export function userDrift(applied: Record<string, unknown>, target: Record<string, unknown>): UserDrift {
  const { active: _active, ...attributes } = applied;
  const drift = attributeDrift(attributes, target, (key) => (key === 'enterprise' ? target[ENTERPRISE_URN] : target[key]));
  const active = typeof target.active === 'boolean' ? target.active : undefined;
  return { ...drift, observed: { ...drift.observed, ...(applied.active === undefined ? {} : { active: applied.active }) }, active };
}

export function groupDrift(applied: Record<string, unknown>, target: Record<string, unknown>): ResourceDrift {
  return attributeDrift(applied, target, (key) => target[key]);
}

function attributeDrift(applied: Record<string, unknown>, target: Record<string, unknown>, read: (key: string) => unknown): ResourceDrift {
  const differing: string[] = [];
  const observed: Record<string, unknown> = { ...applied };
  for (const [key, want] of Object.entries(applied)) {
    const have = read(key);
    if (have === undefined && key !== 'externalId') continue;
    if (sameValue(key, want, have)) continue;
    differing.push(key);
    if (have === undefined) delete observed[key];
    else observed[key] = have;
  }
  return { attributes: differing.sort(), observed };
}

function sameValue(key: string, want: unknown, have: unknown): boolean {
  if (key === 'userName' && typeof want === 'string' && typeof have === 'string') return want.toLowerCase() === have.toLowerCase();
  if (key === 'emails') return sameEmails(want, have);
  if (isRecord(want) && isRecord(have)) {
    return Object.entries(want).every(([sub, value]) => have[sub] === undefined || canonicalJson(have[sub]) === canonicalJson(value));
  }
  return canonicalJson(want) === canonicalJson(have);
}

function sameEmails(want: unknown, have: unknown): boolean {
  const values = (list: unknown) =>
    Array.isArray(list)
      ? [...new Set(list.map((email) => (isRecord(email) && typeof email.value === 'string' ? email.value.toLowerCase() : '')).filter(Boolean))].sort()
      : [];
  return canonicalJson(values(want)) === canonicalJson(values(have));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A bridge-managed Group's members on the target against the recorded members.
 * `missing`: recorded members the target does not have (user source ids).
 * `extra`: members on the target that are users this provider manages but that are not
 * recorded (user source ids). Members the bridge does not manage are left out: they are
 * never touched.
 */
export function memberDrift(
  recorded: ReadonlyMap<string, string>,
  targetMemberIds: readonly string[],
  managedUserByScimId: ReadonlyMap<string, string>,
): { missing: string[]; extra: string[] } {
  const onTarget = new Set(targetMemberIds);
  const missing = [...recorded].filter(([, scimId]) => !onTarget.has(scimId)).map(([sourceId]) => sourceId);
  const extra = [...onTarget].flatMap((scimId) => {
    const sourceId = managedUserByScimId.get(scimId);
    return sourceId !== undefined && !recorded.has(sourceId) ? [sourceId] : [];
  });
  return { missing: missing.sort(), extra: [...new Set(extra)].sort() };
}
