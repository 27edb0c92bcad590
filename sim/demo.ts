// `npm run demo`: the whole product on one machine, driven only through the public API.
// Starts a Clever simulator with a small district and a real SCIM server on loopback, runs the
// service on embedded defaults (`src/main/start.ts`), configures a demo tenant, runs a full sync
// with live progress, then prints the summary and how to poke it. Ctrl-C stops everything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { startCleverSimulator } from './clever/server.js';
import { startScimmyServer } from './scim/scimmy-server.js';

const TENANT = 'demo-district';
const adminToken = `demo-admin-${randomBytes(12).toString('hex')}`;
const webhookSecret = randomBytes(24).toString('hex');

const clever = await startCleverSimulator({ seed: 2026, students: 300 });
const scim = await startScimmyServer();
console.log(`Clever simulator: ${clever.baseUrl}   SCIM server (SCIMMY): ${scim.baseUrl}`);

const service = spawn(process.execPath, ['--import', 'tsx', 'src/main/start.ts'], {
  // The simulators run on loopback, which tenant tokens may reach only by the operator's leave.
  env: {
    ...process.env,
    ADMIN_API_TOKEN: adminToken,
    SCIM_BASE_URL: scim.baseUrl,
    SCIM_TOKEN: scim.token,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
    DATA_DIR: '.data/demo',
    OUTBOUND_ALLOW_PRIVATE_ADDRESSES: 'true',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const shutdown = async () => {
  service.kill('SIGINT');
  await new Promise((resolve) => service.once('exit', resolve));
  await Promise.allSettled([clever.close(), scim.close()]);
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

const { apiUrl, uiUrl } = await new Promise<{ apiUrl: string; uiUrl: string }>((resolve, reject) => {
  let apiUrl = '';
  createInterface({ input: service.stdout! }).on('line', (line) => {
    const api = /API:\s+(\S+)/.exec(line);
    const ui = /Temporal Web UI:\s+(\S+)/.exec(line);
    if (api?.[1]) apiUrl = api[1];
    if (ui?.[1]) resolve({ apiUrl, uiUrl: ui[1] });
  });
  service.once('exit', (code) => reject(new Error(`the service exited early (code ${code})`)));
});

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const payload = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(payload)}`);
  return payload;
}

await api('POST', '/tenants', { id: TENANT, name: 'Demo Unified School District', settings: { emailDomain: 'demo.k12.example' } }).catch((error: Error) => {
  if (!error.message.includes('409')) throw error; // a re-run of the demo reuses the tenant
});
const provider = await api<{ id: string }>('POST', `/tenants/${TENANT}/providers`, {
  kind: 'clever',
  name: `Clever demo ${new Date().toISOString().slice(11, 19)}`,
  connection: { baseUrl: clever.baseUrl },
  credentials: { token: clever.token },
  webhook: { secret: webhookSecret },
});
console.log(`Provider ${provider.id} created (credentials stored write-only; schedule created in Temporal).`);

const started = await api<{ started: Array<{ workflowId: string; runId: string; uiUrl: string | null }> }>('POST', `/sync/${TENANT}/start`, {
  providerId: provider.id,
  mode: 'full',
});
const run = started.started[0]!;
console.log(`Full sync started: ${run.workflowId}`);

type Status = {
  providers: Array<{
    providerId: string;
    running: { progress: { phase: string; counts: Record<string, number> } | null } | null;
    lastRun: { status: string; counts: Record<string, number> | null; durationMs: number | null } | null;
  }>;
};
for (;;) {
  const status = await api<Status>('GET', `/sync/${TENANT}/status`);
  const mine = status.providers.find((entry) => entry.providerId === provider.id);
  const progress = mine?.running?.progress;
  if (progress) {
    const c = progress.counts;
    process.stdout.write(
      `\r  ${progress.phase.padEnd(18)} fetched ${c.fetched} · created ${c.created} · updated ${c.updated} · memberships ${c.membershipChanges} · failed ${c.failed}     `,
    );
  } else if (!mine?.running && mine?.lastRun && mine.lastRun.status !== 'running') {
    const c = mine.lastRun.counts ?? {};
    console.log(
      `\n\nSync ${mine.lastRun.status} in ${mine.lastRun.durationMs} ms: created ${c.created}, updated ${c.updated}, deprovisioned ${c.deprovisioned}, membership changes ${c.membershipChanges}, failed ${c.failed}.`,
    );
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const auth = `-H 'Authorization: Bearer ${adminToken}'`;
console.log(`
Temporal Web UI of the run: ${run.uiUrl ?? uiUrl}
API docs: ${apiUrl}/docs

Poke it:
  curl ${auth} ${apiUrl}/sync/${TENANT}/status
  curl ${auth} ${apiUrl}/sync/${TENANT}/history
  curl ${auth} '${apiUrl}/tenants/${TENANT}/audit?limit=5'
  curl ${auth} -X POST -H 'Content-Type: application/json' -d '{"providerId":"${provider.id}","mode":"incremental"}' ${apiUrl}/sync/${TENANT}/start
  # a signed webhook (HMAC-SHA256 over "<timestamp>.<body>" with the provider's webhook secret):
  body='{"id":"demo-event-1","type":"users.updated","created":"2026-01-01T00:00:00Z","data":{"object":{"id":"000000000000000000000000"}}}'; ts=$(date +%s)
  sig=$(printf '%s.%s' "$ts" "$body" | openssl dgst -sha256 -hmac '${webhookSecret}' -hex | sed 's/^.* //')
  curl -X POST -H 'Content-Type: application/json' -H "X-Timestamp: $ts" -H "X-Signature: sha256=$sig" -d "$body" '${apiUrl}/webhooks/clever/${TENANT}?providerId=${provider.id}'

Press Ctrl-C to stop the demo.`);
