import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { ProviderRow } from '../../../db/queries/providers.js';
import { getTenant } from '../../../db/queries/tenants.js';
import { webhookBodyFor } from '../../../providers/index.js';
import type { AppEnv } from '../../app-env.js';
import { peerAddress } from '../../auth/failure-limiter.js';
import { ApiError, validationError } from '../../errors.js';
import { clientAddress, isAllowedAddress } from './delivery-checks.js';
import { deliverEvents } from './deliver-events.js';
import { findSigningProvider } from './signing-provider.js';
import type { classLinkWebhook, cleverWebhook } from './webhooks.routes.js';

type Kind = ProviderRow['kind'];

/** The one answer to a delivery nobody could verify, whatever the reason (see signing-provider.ts). */
const unverified = () => new ApiError(401, 'bad_signature', 'the signature does not match the body and timestamp of any webhook secret of this route');

/**
 * One delivery: signature headers present, a provider whose secret signed it, a fresh timestamp,
 * the caller's address, and only then the body. Every rejection is audited (counted per
 * provider and reason, see rejection-audit.ts) and leaves nothing stored and nothing signalled;
 * a failed signature also counts against the caller's address (429 after too many).
 */
async function receive(c: Context<AppEnv>, kind: Kind) {
  const deps = c.get('deps');
  const guards = c.get('guards');
  const tenantId = c.req.param('tenant_id') ?? '';
  const peer = peerAddress(c);
  await guards.webhookFailures.assertAllowed(peer);
  const rawBody = await c.req.text();
  const signature = c.req.header('x-signature');
  const timestamp = c.req.header('x-timestamp');
  const named = c.req.query('providerId') ?? c.req.header('x-provider-id');

  const reject = (error: ApiError, reason: string, known: { tenantId: string | undefined; provider: ProviderRow | undefined }, address = peer): never => {
    guards.webhookRejections.record({
      tenantId: known.tenantId,
      providerId: known.provider?.id,
      actor: `webhook:${kind}`,
      reason,
      status: error.status,
      address,
    });
    throw error;
  };
  const failedSignature = async (reason: string, known: { tenantId: string | undefined; provider: ProviderRow | undefined }) => {
    await guards.webhookFailures.recordFailure(peer);
    return reject(unverified(), reason, known);
  };

  if (!signature || !timestamp || !/^\d{1,12}$/.test(timestamp)) {
    const known = { tenantId: (await getTenant(deps.db, tenantId)) ? tenantId : undefined, provider: undefined };
    await guards.webhookFailures.recordFailure(peer);
    const missing = signature ? 'missing_timestamp' : 'missing_signature';
    const message = signature
      ? 'missing or malformed X-Timestamp (unix seconds)'
      : 'missing X-Signature (sha256=<hex HMAC-SHA256 of "<X-Timestamp>.<raw body>">)';
    return reject(new ApiError(401, missing, message), missing, known);
  }
  const outcome = await findSigningProvider(deps, tenantId, kind, named, { rawBody, signature, timestamp }, Math.floor(Date.now() / 1000));
  if (!outcome.matched) return failedSignature(outcome.reason, outcome);

  const provider = outcome.provider;
  const known = { tenantId, provider };
  // Signed with the secret, only late: a sender's clock or a replay, not a guess at the secret.
  if (outcome.stale) return reject(new ApiError(401, 'stale_timestamp', 'X-Timestamp is more than 5 minutes from the bridge clock'), 'stale_timestamp', known);
  const address = clientAddress(peer === 'unknown' ? undefined : peer, c.req.header('x-forwarded-for'), provider.webhook.trustProxy ?? false);
  if (!isAllowedAddress(address, provider.webhook.ipAllowlist ?? [])) {
    return reject(
      new ApiError(403, 'address_not_allowed', `${address ?? 'an unknown address'} is not in the provider's webhook IP allowlist`),
      'ip_not_allowed',
      known,
      address,
    );
  }

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return reject(new ApiError(400, 'malformed_body', 'the body is not JSON'), 'malformed_body', known);
  }
  const parsed = webhookBodyFor(kind).parse(json, timestamp);
  if (!parsed.success) return reject(validationError('json', parsed.error), 'invalid_body', known);
  if (!provider.enabled) return reject(new ApiError(409, 'provider_disabled', `provider ${provider.id} is disabled`), 'provider_disabled', known);

  const { events } = parsed;
  const delivered = await deliverEvents(deps, provider, events);
  return c.json({ providerId: provider.id, received: events.length, ...delivered }, 202);
}

/** A webhook body over the size limit, rejected before any route ran: counted like any other rejection. */
export async function recordOversizedDelivery(c: Context<AppEnv>): Promise<void> {
  const [, , kind, tenantId] = c.req.path.split('/');
  if (kind !== 'clever' && kind !== 'classlink') return;
  const tenantKnown =
    tenantId !== undefined && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(tenantId) && (await getTenant(c.get('deps').db, tenantId)) !== undefined;
  c.get('guards').webhookRejections.record({
    tenantId: tenantKnown ? tenantId : undefined,
    providerId: undefined,
    actor: `webhook:${kind}`,
    reason: 'payload_too_large',
    status: 413,
    address: peerAddress(c),
  });
}

export const clever: RouteHandler<typeof cleverWebhook, AppEnv> = (c) => receive(c, 'clever');
export const classLink: RouteHandler<typeof classLinkWebhook, AppEnv> = (c) => receive(c, 'classlink');
