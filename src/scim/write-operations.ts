import type { ScimError } from './errors.js';
import type { ScimGroups } from './groups.js';
import type { ScimGroupInput, ScimPatchOperation, ScimResource, ScimUserInput } from './types.js';
import type { ScimUsers } from './users.js';

/**
 * One write the engine wants applied. `ref` is the caller's own key for the record (e.g. the
 * roster mirror row), echoed back in the result so each write can be audited with its SCIM id.
 * Group membership is not here: it goes through `groups.updateMembers` once groups exist.
 */
export type ScimWriteOperation =
  /** `mayExist`: an earlier attempt may have created it; look it up by externalId before POSTing. */
  | { kind: 'createUser'; ref: string; user: ScimUserInput; mayExist?: boolean }
  | { kind: 'replaceUser'; ref: string; id: string; user: ScimUserInput }
  | { kind: 'patchUser'; ref: string; id: string; operations: ScimPatchOperation[] }
  | { kind: 'deactivateUser'; ref: string; id: string }
  | { kind: 'deleteUser'; ref: string; id: string }
  | { kind: 'createGroup'; ref: string; group: ScimGroupInput; mayExist?: boolean }
  | { kind: 'updateGroup'; ref: string; id: string; group: ScimGroupInput }
  | { kind: 'deleteGroup'; ref: string; id: string };

export type ScimWriteResult =
  | {
      ok: true;
      operation: ScimWriteOperation;
      /** The SCIM id written (for creates: the new or adopted resource). */
      id: string;
      /** The resource as returned, when the target returned one (SCIMMY bulk does not). */
      resource?: ScimResource;
      /** A create met 409 and took over the existing resource. */
      adopted: boolean;
      /** A delete found nothing (404): already done. */
      alreadyGone: boolean;
      via: 'bulk' | 'single';
    }
  | { ok: false; operation: ScimWriteOperation; error: ScimError; via: 'bulk' | 'single' };

export interface WriteTargets {
  users: ScimUsers;
  groups: ScimGroups;
}

/** Apply one operation with its own request(s); throws the typed error on failure. */
export async function executeSingle(targets: WriteTargets, operation: ScimWriteOperation): Promise<Extract<ScimWriteResult, { ok: true }>> {
  const done = (id: string, resource?: ScimResource, flags: { adopted?: boolean; alreadyGone?: boolean } = {}) => ({
    ok: true as const,
    operation,
    id,
    ...(resource ? { resource } : {}),
    adopted: flags.adopted ?? false,
    alreadyGone: flags.alreadyGone ?? false,
    via: 'single' as const,
  });
  switch (operation.kind) {
    case 'createUser': {
      const { resource, adopted } = await targets.users.create(operation.user, { mayExist: operation.mayExist ?? false });
      return done(resource.id, resource, { adopted });
    }
    case 'replaceUser':
      return done(operation.id, await targets.users.replace(operation.id, operation.user));
    case 'patchUser':
      return done(operation.id, await targets.users.patch(operation.id, operation.operations));
    case 'deactivateUser':
      return done(operation.id, await targets.users.deactivate(operation.id));
    case 'deleteUser':
      return done(operation.id, undefined, await targets.users.delete(operation.id));
    case 'createGroup': {
      const { resource, adopted } = await targets.groups.create(operation.group, { mayExist: operation.mayExist ?? false });
      return done(resource.id, resource, { adopted });
    }
    case 'updateGroup':
      return done(operation.id, await targets.groups.update(operation.id, operation.group));
    case 'deleteGroup':
      return done(operation.id, undefined, await targets.groups.delete(operation.id));
    default: {
      const unknown: never = operation;
      throw new Error(`unknown SCIM write ${JSON.stringify(unknown)}`);
    }
  }
}

/** Method and path of an operation, for errors raised before any request is made. */
export function describeOperation(operation: ScimWriteOperation): { method: string; path: string } {
  switch (operation.kind) {
    case 'createUser':
      return { method: 'POST', path: '/Users' };
    case 'createGroup':
      return { method: 'POST', path: '/Groups' };
    case 'replaceUser':
      return { method: 'PUT', path: `/Users/${operation.id}` };
    case 'patchUser':
    case 'deactivateUser':
      return { method: 'PATCH', path: `/Users/${operation.id}` };
    case 'updateGroup':
      return { method: 'PATCH', path: `/Groups/${operation.id}` };
    case 'deleteUser':
      return { method: 'DELETE', path: `/Users/${operation.id}` };
    case 'deleteGroup':
      return { method: 'DELETE', path: `/Groups/${operation.id}` };
    default: {
      const unknown: never = operation;
      throw new Error(`unknown SCIM write ${JSON.stringify(unknown)}`);
    }
  }
}
