import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

/** Chromium from the OS packages (`apt-get install chromium`); Playwright's own browser downloads are not used. */
const WELL_KNOWN_PATHS = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

// No sandbox: CI runs as root. The rest keeps a headless browser from calling home.
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const INSTALL_HINT = 'run "npm run tools -- --for-tests" as root (it runs apt-get install -y chromium) or install Chromium with your package manager';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findChromium(): string | undefined {
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, 'chromium'));
  return [...onPath, ...WELL_KNOWN_PATHS].find(executable);
}

/** A headless Chromium, or an error that says what is missing and how to get it. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`Chromium is not installed (looked for "chromium" on PATH and in ${WELL_KNOWN_PATHS.join(', ')}): ${INSTALL_HINT}`);
  try {
    return await chromium.launch({ executablePath, headless: true, args: FLAGS });
  } catch (error) {
    throw new Error(`Chromium at ${executablePath} did not start (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): ${INSTALL_HINT}`);
  }
}
