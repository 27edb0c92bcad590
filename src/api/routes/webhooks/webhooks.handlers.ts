import { getConnInfo } from '@hono/node-server/conninfo';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { recordAudit } from '../../../db/queries/audit-log.js';
import { getProvider, listProviders, type ProviderRow } from '../../../db/queries/providers.js';
import { webhookBodyFor } from '../../../providers/index.js';
import { providerWebhookSecretPath } from '../../../secrets/secret-store.js';
import type { AppEnv } from '../../app-env.js';
import { ApiError, validationError } from '../../errors.js';
import { requireTenant } from '../../lookups.js';
import { clientAddress, isAllowedAddress, verifySignature, type SignatureVerdict } from './delivery-checks.js';
import { deliverEvents, webhookActor } from './deliver-events.js';
import type { classLinkWebhook, cleverWebhook } from './webhooks.routes.js';

type Kind = ProviderRow['kind'];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const SIGNATURE_MESSAGES: Record<Exclude<SignatureVerdict, 'ok'>, string> = {
  missing_signature: 'missing X-Signature (sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<raw body>">)',
  missing_timestamp: 'missing or malformed X-Timestamp (unix seconds)',
  bad_signature: 'the signature does not match the body and timestamp',
  stale_timestamp: 'X-Timestamp is more than 5 minutes from the bridge clock',
};

/** `?providerId=` or X-Provider-Id, else the tenant's only enabled provider of the kind. */
async function selectProvider(c: Context<AppEnv>, tenantId: string, kind: Kind): Promise<ProviderRow> {
  const { db } = c.get('deps');
  await requireTenant(db, tenantId);
  const named = c.req.query('providerId') ?? c.req.header('x-provider-id');
  if (named !== undefined) {
    const provider = UUID.test(named) ? await getProvider(db, tenantId, named) : undefined;
    if (!provider || provider.kind !== kind) throw new ApiError(404, 'provider_not_found', `tenant "${tenantId}" has no ${kind} provider ${named}`);
    return provider;
  }
  const candidates = (await listProviders(db, tenantId, { enabledOnly: true })).filter((provider) => provider.kind === kind);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new ApiError(404, 'provider_not_found', `tenant "${tenantId}" has no enabled ${kind} provider`);
  throw new ApiError(400, 'provider_ambiguous', `tenant "${tenantId}" has several enabled ${kind} providers: name one with ?providerId= or X-Provider-Id`);
}

/**
 * One delivery: provider, then signature and timestamp, then the caller's address, and only
 * then the body. Every rejection is audited (`webhook.rejected`, with the reason) and leaves
 * nothing stored and nothing signalled.
 */
async function receive(c: Context<AppEnv>, kind: Kind) {
  const deps = c.get('deps');
  const tenantId = c.req.param('tenant_id') ?? '';
  const provider = await selectProvider(c, tenantId, kind);
  const rawBody = await c.req.text();
  const address = clientAddress(socketAddress(c), c.req.header('x-forwarded-for'), provider.webhook.trustProxy ?? false);
  const reject = async (error: ApiError, reason: string): Promise<never> => {
    await recordAudit(deps.db, {
      tenantId,
      actor: webhookActor(provider),
      action: 'webhook.rejected',
      targetType: 'provider',
      targetId: provider.id,
      outcome: 'failure',
      details: { reason, status: error.status, ...(address ? { address } : {}) },
    });
    throw error;
  };

  const secret = (await deps.secrets.get(providerWebhookSecretPath(tenantId, provider.id)))?.secret;
  if (!secret) return reject(new ApiError(401, 'webhook_not_configured', 'this provider has no webhook secret; set webhook.secret with PUT on the provider'), 'no_secret');
  const timestamp = c.req.header('x-timestamp');
  const verdict = verifySignature({ secret, rawBody, signature: c.req.header('x-signature'), timestamp, nowSeconds: Math.floor(Date.now() / 1000) });
  if (verdict !== 'ok') return reject(new ApiError(401, verdict, SIGNATURE_MESSAGES[verdict]), verdict);
  if (!isAllowedAddress(address, provider.webhook.ipAllowlist ?? [])) {
    return reject(new ApiError(403, 'address_not_allowed', `${address ?? 'an unknown address'} is not in the provider's webhook IP allowlist`), 'ip_not_allowed');
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return reject(new ApiError(400, 'malformed_body', 'the body is not JSON'), 'malformed_body');
  }
  const parsed = webhookBodyFor(kind).parse(json, timestamp!);
  if (!parsed.success) return reject(validationError('json', parsed.error), 'invalid_body');
  if (!provider.enabled) return reject(new ApiError(409, 'provider_disabled', `provider ${provider.id} is disabled`), 'provider_disabled');

  const { events } = parsed;
  const outcome = await deliverEvents(deps, provider, events);
  return c.json({ providerId: provider.id, received: events.length, ...outcome }, 202);
}

/** The TCP peer; undefined when the app is called in-process (app.request), where no socket exists. */
function socketAddress(c: Context<AppEnv>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined;
  }
}

export const clever: RouteHandler<typeof cleverWebhook, AppEnv> = (c) => receive(c, 'clever');
export const classLink: RouteHandler<typeof classLinkWebhook, AppEnv> = (c) => receive(c, 'classlink');
