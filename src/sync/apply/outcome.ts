import type { ScimError } from '../../scim/index.js';

export interface PlanItemRef {
  seq: number;
  op: 'create' | 'update' | 'deprovision' | 'members';
  resourceType: 'User' | 'Group';
  sourceId: string;
}

export interface AppliedDocumentState {
  externalId: string;
  userName: string | null;
  appliedHash: string;
  appliedDocument: Record<string, unknown>;
}

/** What became of one plan item; recorded in one transaction with its audit entry. */
export interface WriteOutcome {
  item: PlanItemRef;
  /** Dotted audit action, e.g. scim.user.create. */
  action: string;
  scimId?: string;
  ok: boolean;
  state?: AppliedDocumentState;
  deprovision?: 'deactivate' | 'delete';
  members?: { added: string[]; removed: string[] };
  adopted?: boolean;
  error?: { status?: number; scimType?: string; detail: string };
  /** A failure retrying later can fix (rate limit, outage): the item stays pending. */
  retryable?: boolean;
}

export function errorOf(error: ScimError | Error): NonNullable<WriteOutcome['error']> {
  const typed = error as Partial<{ status: number; scimType: string; detail: string }>;
  return {
    ...(typed.status ? { status: typed.status } : {}),
    ...(typed.scimType ? { scimType: typed.scimType } : {}),
    detail: typed.detail ?? error.message,
  };
}

export function isRetryable(error: ScimError | Error): boolean {
  return (error as { retryable?: boolean }).retryable === true;
}
