#!/usr/bin/env node
// The `sis-bridge` command (package.json "bin"; `npx sis-bridge --help`). In a checkout with
// dev dependencies it runs the TypeScript sources through tsx, so it is never older than
// them; in a production install (no tsx) it runs the compiled CLI that `npm run build` wrote
// to dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const compiled = new URL('../dist/src/cli/main.js', import.meta.url);

let tsx;
try {
  tsx = await import('tsx/esm/api');
} catch {
  tsx = undefined;
}

if (tsx && existsSync(source)) {
  await tsx.tsImport(source.href, import.meta.url);
} else if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  process.stderr.write('sis-bridge: no compiled CLI in dist/ and no tsx to run the sources; run "npm run build" (or "npm ci" for a development install)\n');
  process.exit(1);
}
