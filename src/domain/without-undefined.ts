/**
 * The object without its undefined-valued keys: optional fields are left out rather than set
 * to undefined (canonical records compare equal, and spreading overrides keeps defaults).
 */
export function withoutUndefined<T extends object>(value: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
