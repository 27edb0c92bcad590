/**
 * The SIS providers' public face: what the engine, the activities and the API use. Nothing
 * outside src/providers needs to reach past this file or to know which provider it talks to.
 */
export {
  classLinkCredentialsSchema,
  cleverCredentialsSchema,
  createSisClient,
  describeCredentials,
  parseSisConnection,
  webhookBodyFor,
  type ClassLinkCredentials,
  type CleverCredentials,
  type SisConnection,
} from './create-sis-client.js';
export {
  isSisError,
  SisAuthError,
  SisCursorExpiredError,
  SisError,
  SisRateLimitError,
  SisRequestError,
  SisSchemaError,
  SisUnavailableError,
} from './errors.js';
export type {
  ChangeFeedLayout,
  ChangeFeedPage,
  ChangesRequest,
  FetchPageOptions,
  ProviderKind,
  RawPage,
  RawRecord,
  ReceivedWebhookEvent,
  RosterBatch,
  RosterChange,
  SisClient,
} from './types.js';
export type { WebhookBody, WebhookBodyParse } from './webhook-body.js';
