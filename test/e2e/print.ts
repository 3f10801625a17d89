import type { Page } from 'playwright-core';

// An A4 page inside the reports' margins (18 mm top and bottom, 16 mm left and right, see styles.css),
// in CSS pixels: 96 to the inch, as Chromium prints.
const PX_PER_MM = 96 / 25.4;
export const A4_INSIDE_MM = { width: 210 - 2 * 16, height: 297 - 2 * 18 };

export interface PrintedPhoto {
  /** The file's own pixels: the full photo, or the 160 px thumbnail. */
  naturalWidth: number;
  naturalHeight: number;
  /** The picture as printed (object-fit: contain inside the img box), in millimetres. */
  pictureWidthMm: number;
  pictureHeightMm: number;
  /** The whole figure (picture and caption), which must fit on one page. */
  figureHeightMm: number;
  objectFit: string;
  full: string | null;
}

/**
 * Lays the report out as it prints (print media, one A4 page's width) once every photo has loaded,
 * and measures each photo; the page is back to the phone's screen afterwards.
 */
export async function printedPhotos(page: Page): Promise<PrintedPhoto[]> {
  const screen = page.viewportSize();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: Math.floor(A4_INSIDE_MM.width * PX_PER_MM), height: Math.floor(A4_INSIDE_MM.height * PX_PER_MM) });
  try {
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.print-photo img')].every((img) => img.complete && img.naturalWidth > 0));
    return await page.locator('.print-photo img').evaluateAll(
      (images, pxPerMm) =>
        (images as HTMLImageElement[]).map((img) => {
          const box = img.getBoundingClientRect();
          const scale = Math.min(box.width / img.naturalWidth, box.height / img.naturalHeight);
          return {
            naturalWidth: img.naturalWidth,
            naturalHeight: img.naturalHeight,
            pictureWidthMm: (img.naturalWidth * scale) / pxPerMm,
            pictureHeightMm: (img.naturalHeight * scale) / pxPerMm,
            figureHeightMm: img.closest('figure')!.getBoundingClientRect().height / pxPerMm,
            objectFit: getComputedStyle(img).objectFit,
            full: img.closest('figure')!.getAttribute('data-full'),
          };
        }),
      PX_PER_MM,
    );
  } finally {
    await page.emulateMedia({ media: null });
    if (screen) await page.setViewportSize(screen);
  }
}

/** A photo printed as large as one A4 page allows: the full width, or nearly the full height. */
export function fillsThePage(photo: PrintedPhoto): boolean {
  return photo.pictureWidthMm >= A4_INSIDE_MM.width - 1 || photo.pictureHeightMm >= A4_INSIDE_MM.height * 0.85;
}
