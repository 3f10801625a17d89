import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Without the background-networking flags Chromium keeps dialling out, and this machine's closed
// network refuses it over and over.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install -y chromium) or set CHROMIUM_PATH; browser tests cannot run.`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A phone-sized context: 360×740, touch, the given browser language (plus any other options). */
export async function newPhone(browser: Browser, locale = 'ky-KG', extra: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    // Lets the tests inject axe-core; the app itself runs under the server's strict CSP.
    bypassCSP: true,
    ...extra,
  });
  await context.addInitScript(KEEP_NAMES_SHIM);
  return context;
}

/**
 * The benchmarks run under tsx, whose compiler keeps function names by wrapping each named inner
 * function in a `__name(…)` call; a function sent to the page by `evaluate` carries those calls,
 * and the page has no `__name`. This gives it one that does nothing (the tests, compiled by
 * vitest, do not need it).
 */
const KEEP_NAMES_SHIM = 'globalThis.__name ??= (target) => target;';
