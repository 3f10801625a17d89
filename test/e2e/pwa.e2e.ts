import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { waitForServiceWorker } from './app';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './browser';

const baseUrl = inject('baseUrl');

describe('progressive web app', () => {
  it('is installable, with a Kyrgyz manifest and maskable icon', async () => {
    // A persistent profile: an incognito-like context always reports "in-incognito".
    const profile = mkdtempSync(join(tmpdir(), 'ashar-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      viewport: { width: 360, height: 740 },
    });
    try {
      const page = await context.newPage();
      await page.goto(baseUrl);
      await waitForServiceWorker(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
        installabilityErrors: { errorId: string }[];
      };
      expect(installabilityErrors).toEqual([]);
      const { data } = (await cdp.send('Page.getAppManifest')) as { data: string };
      const manifest = JSON.parse(data) as { lang: string; short_name: string; icons: { purpose?: string; sizes: string }[] };
      expect(manifest.lang).toBe('ky');
      expect(manifest.short_name).toBe('Ашар');
      expect(manifest.icons.map((icon) => `${icon.sizes} ${icon.purpose ?? 'any'}`).sort()).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
