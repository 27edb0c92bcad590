import { z } from 'zod';
import { createClassLinkClient } from './classlink/classlink-client.js';
import { classLinkWebhookBody } from './classlink/webhook-body.js';
import { createCleverClient } from './clever/clever-client.js';
import { cleverWebhookBody } from './clever/webhook-body.js';
import type { ProviderKind, SisClient } from './types.js';
import type { WebhookBody } from './webhook-body.js';

/**
 * The facade over provider kinds: the only place that knows which kinds exist. Each switch
 * ends in an exhaustive `never` check, so adding a kind fails to compile until it is handled
 * here; everything else talks to a `SisClient` or a `WebhookBody`.
 */

/** Credentials as kept in the secrets store, per provider kind. */
const cleverCredentialsSchema = z.object({ token: z.string().min(1) }).strict();
const classLinkCredentialsSchema = z.object({ consumerKey: z.string().min(1), consumerSecret: z.string().min(1) }).strict();

type CleverCredentials = z.infer<typeof cleverCredentialsSchema>;
type ClassLinkCredentials = z.infer<typeof classLinkCredentialsSchema>;

export type SisConnection =
  | { kind: 'clever'; baseUrl: string; credentials: CleverCredentials; pageSize?: number }
  | { kind: 'classlink'; baseUrl: string; credentials: ClassLinkCredentials; pageSize?: number };

function unknownKind(kind: never): never {
  throw new Error(`unknown SIS provider kind ${JSON.stringify(kind)}`);
}

/** How requests leave: for a connection check, a fetch that refuses redirects and a single attempt. */
export interface SisTransport {
  fetch?: typeof fetch;
  /** Attempts per request (no waiting out 429s either); default: the client's own retry policy. */
  maxAttempts?: number;
}

/** The facade over provider kinds; adding a kind fails to compile until it is handled here. */
export function createSisClient(connection: SisConnection, transport: SisTransport = {}): SisClient {
  switch (connection.kind) {
    case 'clever':
      return createCleverClient({
        baseUrl: connection.baseUrl,
        token: connection.credentials.token,
        ...(connection.pageSize && { pageSize: connection.pageSize }),
        ...(transport.fetch && { fetch: transport.fetch }),
        ...(transport.maxAttempts !== undefined && { retry: { maxAttempts: transport.maxAttempts, maxRateLimitWaits: 0 } }),
      });
    case 'classlink':
      return createClassLinkClient({
        baseUrl: connection.baseUrl,
        consumerKey: connection.credentials.consumerKey,
        consumerSecret: connection.credentials.consumerSecret,
        ...(connection.pageSize && { pageSize: connection.pageSize }),
        ...(transport.fetch && { fetch: transport.fetch }),
        ...(transport.maxAttempts !== undefined && { retry: { maxAttempts: transport.maxAttempts } }),
      });
    default:
      return unknownKind(connection);
  }
}

function credentialsSchemaFor(kind: ProviderKind) {
  switch (kind) {
    case 'clever':
      return cleverCredentialsSchema;
    case 'classlink':
      return classLinkCredentialsSchema;
    default:
      return unknownKind(kind);
  }
}

/** The credential fields of a kind as an operator writes them, e.g. `{token}`, for error messages. */
export function describeCredentials(kind: ProviderKind): string {
  return `{${Object.keys(credentialsSchemaFor(kind).shape).join(', ')}}`;
}

/** Parses stored credentials for a kind; throws naming the kind when they do not fit. */
export function parseSisConnection(kind: ProviderKind, baseUrl: string, credentials: unknown, pageSize?: number): SisConnection {
  const extra = pageSize ? { pageSize } : {};
  switch (kind) {
    case 'clever':
      return { kind, baseUrl, credentials: cleverCredentialsSchema.parse(credentials), ...extra };
    case 'classlink':
      return { kind, baseUrl, credentials: classLinkCredentialsSchema.parse(credentials), ...extra };
    default:
      return unknownKind(kind);
  }
}

/** What the provider's webhook accepts; needs no connection (the body is checked before any SIS is read). */
export function webhookBodyFor(kind: ProviderKind): WebhookBody {
  switch (kind) {
    case 'clever':
      return cleverWebhookBody;
    case 'classlink':
      return classLinkWebhookBody;
    default:
      return unknownKind(kind);
  }
}
