/** The small picture the UI shows for an artwork. */

import sharp from 'sharp';
import type { RgbImage } from './decode.js';

/** Longer side of a thumbnail: crisp at grid size on a high-density screen, about 10 KB. */
export const THUMBNAIL_SIDE = 256;
export const THUMBNAIL_FORMAT = 'jpeg';
/**
 * Baseline JPEG at quality 85 (libjpeg-turbo, 4:2:0). Measured by
 * bench/descriptors on 256 px covers: 1.5 ms to encode, 10.7 KiB, 31.2 dB
 * PSNR; WebP at quality 80 gives the same PSNR in 6.9 KiB but takes 4.0 ms
 * at effort 1 (2.6 ms at effort 0), and encoding was a fifth of the time
 * spent on each cover. A few KiB per album is nothing beside its music.
 */
const THUMBNAIL_QUALITY = 85;

/** A JPEG of the picture, THUMBNAIL_SIDE on its longer side (never enlarged). */
export async function makeThumbnail(image: RgbImage): Promise<Uint8Array> {
  const data = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: THUMBNAIL_QUALITY })
    .toBuffer();
  // A fresh, exactly-sized buffer: safe to transfer between threads.
  return Uint8Array.from(data);
}
