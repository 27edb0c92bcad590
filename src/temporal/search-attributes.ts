import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Custom search attributes, registered on the dev server by temporal-dev.yaml (and on a real
 * cluster by `temporal operator search-attribute create`). Operators filter runs by them in
 * the Web UI. Shared by workflow code (upserts) and the client (queries), so this file must
 * stay free of Node and I/O imports.
 */
export const TENANT_ID = defineSearchAttributeKey('TenantId', SearchAttributeType.KEYWORD);
export const SIS_PROVIDER = defineSearchAttributeKey('SisProvider', SearchAttributeType.KEYWORD);
export const SYNC_MODE = defineSearchAttributeKey('SyncMode', SearchAttributeType.KEYWORD);
export const SYNC_TRIGGER = defineSearchAttributeKey('SyncTrigger', SearchAttributeType.KEYWORD);
