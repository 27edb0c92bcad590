/**
 * The SIS providers' public face: what the engine, the activities and the API use. Nothing
 * outside src/providers needs to reach past this file or to know which provider it talks to.
 */
export { createSisClient, describeCredentials, parseSisConnection, webhookBodyFor, type SisConnection } from './create-sis-client.js';
export type { ReceivedWebhookEvent, RosterBatch, RosterChange, SisClient } from './types.js';
