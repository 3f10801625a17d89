import type { AttachmentType } from '../core/model';
import { MAX_THUMB_CHARS } from '../core/protocol-basics';
import type { NewFile } from '../db/attachments';

// Photos are shrunk on the phone before they are stored: a 12-megapixel camera picture (4–8 MB)
// becomes about 200–300 KB, which a prepaid plan can afford to send. The original is never kept.
// The browser's own decoder and scaler do the work (createImageBitmap with high-quality resizing),
// so no image library is downloaded.
export const MAX_SIDE = 1600;
export const THUMB_SIDE = 160;
export const TARGET_BYTES = 300 * 1024;

export interface ShrunkImage {
  blob: Blob;
  mime: AttachmentType;
  width: number;
  height: number;
  /** A data: URL of the small preview that travels inside the record. */
  thumb: string;
}

/** Not a picture this browser can read (or a damaged file). */
export class UnreadableImage extends Error {}

export async function shrinkImage(file: Blob): Promise<ShrunkImage> {
  let source: ImageBitmap;
  try {
    source = await createImageBitmap(file, { imageOrientation: 'from-image' });
  } catch {
    throw new UnreadableImage();
  }
  try {
    const { width, height } = fit(source.width, source.height, MAX_SIDE);
    let blob: Blob | null = null;
    // Lower the quality step by step until the photo is small enough (rarely more than one step).
    for (const quality of [0.82, 0.72, 0.6, 0.5]) {
      blob = await encode(source, width, height, quality);
      if (blob.size <= TARGET_BYTES) break;
    }
    const small = fit(source.width, source.height, THUMB_SIDE);
    const thumbBlob = await encode(source, small.width, small.height, 0.6);
    return { blob: blob!, mime: blob!.type as AttachmentType, width, height, thumb: await dataUrl(thumbBlob) };
  } finally {
    source.close();
  }
}

function fit(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** WebP where the browser can write it (smaller for the same quality), JPEG otherwise. */
async function encode(source: ImageBitmap, width: number, height: number, quality: number): Promise<Blob> {
  const resized = await createImageBitmap(source, { resizeWidth: width, resizeHeight: height, resizeQuality: 'high' });
  try {
    const canvas = new OffscreenCanvas(width, height);
    const context = canvas.getContext('2d');
    if (!context) throw new UnreadableImage();
    context.drawImage(resized, 0, 0);
    const webp = await canvas.convertToBlob({ type: 'image/webp', quality });
    if (webp.type === 'image/webp') return webp;
    return await canvas.convertToBlob({ type: 'image/jpeg', quality });
  } finally {
    resized.close();
  }
}

function dataUrl(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(blob);
  });
}

/** A picked photo, shrunk, ready to attach to a record (the thumbnail left out if too big to travel). */
export async function shrinkToAttach(file: Blob): Promise<NewFile> {
  const image = await shrinkImage(file);
  return {
    blob: image.blob,
    mime: image.mime,
    width: image.width,
    height: image.height,
    ...(image.thumb.length <= MAX_THUMB_CHARS ? { thumb: image.thumb } : {}),
  };
}
