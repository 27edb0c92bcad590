import SCIMMY from 'scimmy';
import { StoreConflictError, StoreInvalidError, StoreNotFoundError, type ResourceTable, type ScimmyStore, type StoredResource } from './scimmy-store.js';

/**
 * SCIMMY's resource registry is a process-wide singleton, so Users and Groups are declared
 * once here and each handler finds its server's store in the request context. Several
 * `startScimmyServer` instances in one process therefore stay isolated by data — but they
 * share SCIMMY's ServiceProviderConfig (the limits of the last one started win).
 */
export interface ScimmyContext {
  store: ScimmyStore;
  maxResults: number;
}

type ScimmyResource = InstanceType<typeof SCIMMY.Types.Resource>;

let declared = false;

export function declareScimmyResources(): void {
  if (declared) return;
  declared = true;
  SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    extensions: [{ schema: SCIMMY.Schemas.EnterpriseUser, required: false }],
    egress: (resource: ScimmyResource, ctx: ScimmyContext) => read(resource, ctx, ctx.store.users),
    ingress: (resource: ScimmyResource, instance: unknown, ctx: ScimmyContext) =>
      guard(() => {
        const attributes = plain(instance);
        return resource.id ? ctx.store.users.replace(resource.id, attributes) : ctx.store.users.insert(attributes);
      }),
    degress: (resource: ScimmyResource, ctx: ScimmyContext) => guard(() => ctx.store.deleteUser(requireId(resource))),
  });
  SCIMMY.Resources.declare(SCIMMY.Resources.Group, {
    egress: (resource: ScimmyResource, ctx: ScimmyContext) => read(resource, ctx, ctx.store.groups),
    ingress: (resource: ScimmyResource, instance: unknown, ctx: ScimmyContext) =>
      guard(() => {
        const attributes = plain(instance);
        return resource.id ? ctx.store.replaceGroup(resource.id, attributes) : ctx.store.insertGroup(attributes);
      }),
    degress: (resource: ScimmyResource, ctx: ScimmyContext) => guard(() => ctx.store.deleteGroup(requireId(resource))),
  });
}

function read(resource: ScimmyResource, ctx: ScimmyContext, table: ResourceTable): StoredResource | StoredResource[] {
  if (resource.id) {
    const row = table.get(resource.id);
    if (!row) throw new SCIMMY.Types.Error(404, null as unknown as string, `Resource ${resource.id} not found`);
    return row;
  }
  return listPage(resource, ctx.maxResults, matching(resource.filter, table));
}

/**
 * Rows matching the filter. A single `eq` on id/externalId/userName is answered from the
 * index; SCIMMY's parsed filter is an OR-list of AND-objects, e.g. [{userName: ["eq", "x"]}].
 */
function matching(filter: ScimmyResource['filter'], table: ResourceTable): StoredResource[] {
  if (!filter || filter.length === 0) return [...table.values()];
  if (filter.length === 1) {
    const [expression] = filter as unknown as Record<string, unknown>[];
    const entries = Object.entries(expression ?? {});
    for (const [attribute, comparison] of entries) {
      if (!Array.isArray(comparison) || comparison.length !== 2 || String(comparison[0]).toLowerCase() !== 'eq') continue;
      const candidates = table.findIndexed(attribute, comparison[1]);
      if (candidates === undefined) continue;
      return entries.length === 1 ? candidates : (filter.match(candidates) as StoredResource[]);
    }
  }
  return filter.match([...table.values()]) as StoredResource[];
}

/**
 * Hand SCIMMY's ListResponse exactly the rows of the requested page. It applies its own
 * `startIndex` slice unless `totalResults === rows + startIndex - 1` (its sign that the
 * handler already paged), and truncates to `count`; building the whole result set instead
 * would coerce every one of 100k rows per page. See the cases below.
 */
function listPage(resource: ScimmyResource, maxResults: number, rows: StoredResource[]): StoredResource[] {
  const startIndex = Math.max(resource.constraints?.startIndex ?? 1, 1);
  // RFC 7644 §3.4.2.4: the server may return fewer than `count`; never more than maxResults.
  const count = Math.min(resource.constraints?.count ?? maxResults, maxResults);
  const totalResults = rows.length;
  const page = rows.slice(startIndex - 1, startIndex - 1 + count);
  // SCIMMY passes `constraints` to ListResponse as its params, whose `totalResults` the
  // published typings omit (ListConstraints); the cast is confined to this line.
  resource.constraints = { ...resource.constraints, startIndex, count, totalResults } as ScimmyResource['constraints'];
  // SCIMMY will not re-slice: the page is shorter than startIndex, or it ends the results.
  if (page.length < startIndex || totalResults === page.length + startIndex - 1) return page;
  // SCIMMY will slice(startIndex - 1): give it the skipped rows too, plus one look-ahead row
  // when that is needed to break its "already paged" test; the truncation to count drops it.
  const withSkipped = rows.slice(0, startIndex - 1 + page.length);
  if (totalResults !== withSkipped.length + startIndex - 1) return withSkipped;
  return rows.slice(0, startIndex + page.length);
}

function guard<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof StoreConflictError) throw new SCIMMY.Types.Error(409, 'uniqueness', error.message);
    if (error instanceof StoreNotFoundError) throw new SCIMMY.Types.Error(404, null as unknown as string, error.message);
    if (error instanceof StoreInvalidError) throw new SCIMMY.Types.Error(400, 'invalidValue', error.message);
    throw error;
  }
}

function requireId(resource: ScimmyResource): string {
  if (!resource.id) throw new SCIMMY.Types.Error(404, null as unknown as string, 'DELETE must target a resource');
  return resource.id;
}

/** SCIMMY hands over a schema-coerced instance; keep only its JSON (what a database would). */
function plain(instance: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
}
