import type { ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_SETTINGS } from '../../activities/sync-deps.js';
import { startCleverSimulator } from '../../sim/clever/server.js';
import { startScimmyServer } from '../../sim/scim/scimmy-server.js';
import { closeServer, serveApi } from '../../src/main/serve-api.js';
import { eventually, startApiHarness, type ApiHarness } from '../api/support/api-harness.js';
import { launchChromium } from '../support/chromium.js';
import { startTestWorker, type TestWorker } from '../support/temporal.js';
import { TEST_TODAY } from '../support/test-today.js';

type Started = { started: Array<{ workflowId: string; runId: string; uiUrl: string | null }> };
type History = { items: Array<{ counts: { created: number; updated: number } | null }> };
type Status = { providers: Array<{ providerId: string; running: unknown; lastRun: { status: string } | null }> };

/** What a browser asked for while showing a page, and what went wrong in it. */
function watch(page: Page) {
  const requested: string[] = [];
  const problems: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { requested, problems };
}

/** The visible text of a page and of every frame in it. */
async function textOfAllFrames(page: Page): Promise<string> {
  const texts = await Promise.all(
    page.frames().map((frame) =>
      frame
        .locator('body')
        .innerText()
        .catch(() => ''),
    ),
  );
  return texts.join('\n');
}

/**
 * An operator's view, in a real headless Chromium: the reference page at /docs renders from
 * the service alone (every request it makes stays on the API's origin), and the Temporal Web
 * UI link that starting a sync returns opens that run with its summary.
 */
describe('the docs page and the Web UI link, in Chromium', () => {
  let browser: Browser;
  let harness: ApiHarness;
  let worker: TestWorker;
  let server: ServerType;
  let apiUrl: string;
  let clever: Awaited<ReturnType<typeof startCleverSimulator>>;
  let scim: Awaited<ReturnType<typeof startScimmyServer>>;

  beforeAll(async () => {
    browser = await launchChromium();
    clever = await startCleverSimulator({ seed: 15, students: 120, today: TEST_TODAY });
    scim = await startScimmyServer();
    harness = await startApiHarness();
    worker = await startTestWorker(
      { db: harness.database.db, secrets: harness.secrets, sync: { ...DEFAULT_SYNC_SETTINGS, scimDefaults: { baseUrl: scim.baseUrl, token: scim.token } } },
      { taskQueue: harness.taskQueue },
    );
    ({ server, url: apiUrl } = await serveApi(harness.app, '127.0.0.1', 0));
  }, 120_000);

  afterAll(async () => {
    if (server) await closeServer(server);
    await worker?.stop();
    await harness?.close();
    await browser?.close();
    await Promise.allSettled([clever?.close(), scim?.close()]);
  });

  it('lists every operation of the OpenAPI document, loading nothing from outside the service', { timeout: 180_000 }, async () => {
    const document = await harness.expectJson<{ paths: Record<string, Record<string, unknown>> }>(200, 'GET', '/openapi.json', { token: null });
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );

    const page = await browser.newPage();
    page.setDefaultTimeout(120_000); // a loaded CI machine renders slowly; this is a bound, not a measure
    const seen = watch(page);
    await page.goto(`${apiUrl}/docs`);
    await page.locator('.opblock').first().waitFor({ timeout: 120_000 });
    const listed = await page
      .locator('.opblock-summary')
      .evaluateAll((blocks) =>
        blocks.map(
          (block) =>
            `${block.querySelector('.opblock-summary-method')?.textContent?.trim()} ${block.querySelector('.opblock-summary-path')?.getAttribute('data-path')}`,
        ),
      );

    expect(new Set(listed)).toEqual(new Set(documented));
    expect(listed).toContain('POST /sync/{tenant_id}/start');
    const origin = new URL(apiUrl).origin;
    expect(seen.requested.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:'))).toEqual([]);
    expect(seen.requested).toContain(`${origin}/openapi.json`);
    expect(seen.problems).toEqual([]);
    await page.close();
  });

  it('opens the Web UI link POST /sync/{tenant_id}/start returns and shows the run with its summary', { timeout: 420_000 }, async () => {
    const tenantId = await harness.createTenant();
    const provider = await harness.expectJson<{ id: string }>(201, 'POST', `/tenants/${tenantId}/providers`, {
      body: { kind: 'clever', name: 'Clever', connection: { baseUrl: clever.baseUrl }, credentials: { token: clever.token } },
    });
    const { started } = await harness.expectJson<Started>(202, 'POST', `/sync/${tenantId}/start`, { body: { providerId: provider.id, mode: 'full' } });
    const run = started[0]!;
    expect(run.uiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/namespaces\//);
    const mine = (status: Status) => status.providers.find((entry) => entry.providerId === provider.id);
    await eventually(
      () => harness.expectJson<Status>(200, 'GET', `/sync/${tenantId}/status`),
      (status) => mine(status)?.running === null && mine(status)?.lastRun?.status === 'completed',
      'the sync to complete',
      150_000,
    );

    const history = await harness.expectJson<History>(200, 'GET', `/sync/${tenantId}/history?providerId=${provider.id}`);
    const counts = history.items[0]!.counts!;
    expect(counts.created).toBeGreaterThan(100);

    const page = await browser.newPage();
    page.setDefaultTimeout(120_000); // a loaded CI machine renders slowly; this is a bound, not a measure
    await page.goto(run.uiUrl!);
    await page.getByRole('heading', { name: run.workflowId }).waitFor({ timeout: 120_000 });
    await expect.poll(() => page.getByText('Completed', { exact: false }).count(), { timeout: 120_000 }).toBeGreaterThan(0);
    // The run's summary: the static summary the API set when it started the workflow, and the
    // workflow's current details, which end on the run's counts. The Web UI renders both as
    // markdown in frames of their own.
    await page.getByText('User Metadata').click();
    await expect.poll(() => textOfAllFrames(page), { timeout: 120_000 }).toContain(`full sync of Clever (clever) for ${tenantId}`);
    await expect.poll(() => textOfAllFrames(page), { timeout: 120_000 }).toContain(`created ${counts.created} · updated ${counts.updated}`);
    await page.close();
  });
});
