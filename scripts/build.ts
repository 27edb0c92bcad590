// `npm run build`: the production build in dist/, run by node without tsx or a bundler.
//  1. tsc (tsconfig.build.json) compiles src/, activities/ and workflows/ to dist/, keeping
//     the repository layout, so paths the code resolves from its own location still hold;
//  2. the files those paths point at are copied beside it: drizzle/ (migrations, applied at
//     start) and temporal-dev.yaml (the optional local dev server);
//  3. the workflow bundle is built once here (dist/workflow-bundle.js). A worker loads it
//     instead of running webpack over workflows/ at every start, which takes seconds of CPU
//     and needs the build tools the production image leaves out.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot } from '../src/temporal/cli-path.js';
import { WORKFLOW_INTERCEPTOR_MODULES } from '../src/telemetry/temporal-tracing.js';
import { PREBUILT_WORKFLOW_BUNDLE, workflowsPath } from '../src/temporal/worker.js';

const dist = join(projectRoot, 'dist');
const started = Date.now();
const step = (what: string) => process.stdout.write(`build: ${what}\n`);

rmSync(dist, { recursive: true, force: true });
step('compiling TypeScript (tsconfig.build.json) to dist/');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(projectRoot, 'tsconfig.build.json')], { stdio: 'inherit' });

step('copying drizzle/ and temporal-dev.yaml');
cpSync(join(projectRoot, 'drizzle'), join(dist, 'drizzle'), { recursive: true });
cpSync(join(projectRoot, 'temporal-dev.yaml'), join(dist, 'temporal-dev.yaml'));

step('bundling workflows/ for the worker');
const quiet = { log: () => {}, trace: () => {}, debug: () => {}, info: () => {}, warn: console.warn, error: console.error };
// With the tracing interceptors inside: traced and untraced workers run the same bundle (an
// untraced worker's sink drops their spans).
const bundle = await bundleWorkflowCode({ workflowsPath, workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES, logger: quiet });
const bundlePath = join(dist, PREBUILT_WORKFLOW_BUNDLE);
writeFileSync(bundlePath, bundle.code);

step(`done in ${((Date.now() - started) / 1000).toFixed(1)} s (workflow bundle ${(statSync(bundlePath).size / 1024).toFixed(0)} KiB)`);
