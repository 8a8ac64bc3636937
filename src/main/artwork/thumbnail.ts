/** The small picture the UI shows for an artwork. */

import sharp from 'sharp';
import type { RgbImage } from './decode.js';

/** Longer side of a thumbnail: crisp at grid size on a high-density screen, a few KB as WebP. */
export const THUMBNAIL_SIDE = 256;
const THUMBNAIL_QUALITY = 80;
/** libwebp effort 1 of 6: about 3× faster to encode than the default 4, files about 15% larger. */
const THUMBNAIL_EFFORT = 1;

/** A WebP of the picture, THUMBNAIL_SIDE on its longer side (never enlarged). */
export async function makeThumbnail(image: RgbImage): Promise<Uint8Array> {
  const data = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: THUMBNAIL_QUALITY, effort: THUMBNAIL_EFFORT })
    .toBuffer();
  // A fresh, exactly-sized buffer: safe to transfer between threads.
  return Uint8Array.from(data);
}
