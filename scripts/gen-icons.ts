// Renders the app icons (192, 512 and a maskable 512 with a safe-zone margin) and the page's icon
// (48 px) from one SVG in headless Chromium. Run after changing the logo; the PNGs are committed.
// The page's icon is a PNG, not the SVG: Chromium draws an SVG icon in the page's own thread, in a
// document of its own (~40–60 ms at 4× CPU after every load: bench:start), a PNG in ~1.5 ms.
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/e2e/browser';

const logo = (size: number, inset: number) => `
<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 64 64">
  <rect width="64" height="64" rx="${inset ? 0 : 14}" fill="#0b5d52"/>
  <g transform="translate(${inset} ${inset}) scale(${(64 - 2 * inset) / 64})">
    <path d="M32 12 12 28h6v22h10V38h8v12h10V28h6z" fill="#fff"/>
    <circle cx="32" cy="27" r="4" fill="#f2b134"/>
  </g>
</svg>`;

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
const page = await browser.newPage();
for (const [file, size, inset] of [
  ['favicon-48.png', 48, 0],
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  ['icon-maskable-512.png', 512, 10],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0">${logo(size, inset)}</body>`);
  writeFileSync(`public/icons/${file}`, await page.screenshot({ omitBackground: true }));
}
await browser.close();
