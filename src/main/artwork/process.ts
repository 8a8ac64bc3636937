/**
 * Everything done once per artwork: decode, thumbnail, descriptors. Runs in
 * the worker pool (worker.ts); `sleeve describe` uses the same steps so its
 * vectors equal a scan's.
 */

import { PictureError, decodePicture, toCanonicalSize, type RgbImage } from './decode.js';
import { getKind, type DescriptorKind, type KindName } from './kinds.js';
import { THUMBNAIL_FORMAT, THUMBNAIL_SIDE, makeThumbnail } from './thumbnail.js';

/**
 * Pictures are decoded at most this large on the longer side: the
 * thumbnail's size, well above every canonical size. One decode feeds the
 * thumbnail and every descriptor. Big JPEG and WebP covers decode at
 * reduced scale (shrink-on-load; for JPEG only from about 3× this side, see
 * decode.ts).
 */
export const WORKING_MAX_SIDE = THUMBNAIL_SIDE;

export interface ArtworkTask {
  readonly bytes: Uint8Array;
  readonly kinds: readonly KindName[];
  readonly thumbnail: boolean;
}

export interface ArtworkVector {
  kind: KindName;
  version: number;
  vector: Float32Array;
}

export type ArtworkResult =
  | {
      ok: true;
      format: string;
      /** Size of the original picture, upright. */
      width: number;
      height: number;
      thumbnail: Uint8Array | null;
      thumbnailFormat: typeof THUMBNAIL_FORMAT;
      vectors: ArtworkVector[];
    }
  | { ok: false; reason: string };

/**
 * One kind's descriptor of a decoded picture, brought to the kind's
 * canonical size first, in the kind's own precision (stored as float32).
 */
export async function describeImage(image: RgbImage, kind: DescriptorKind): Promise<Float32Array | Float64Array> {
  const canonical = await toCanonicalSize(image, kind.canonicalSize);
  return kind.compute(canonical.rgb, canonical.width, canonical.height);
}

function toFloat32(vector: Float32Array | Float64Array): Float32Array {
  return vector instanceof Float32Array ? vector : Float32Array.from(vector);
}

/** Decodes an artwork and computes its thumbnail and descriptors; unusable pictures give ok: false. */
export async function processArtwork(task: ArtworkTask): Promise<ArtworkResult> {
  let picture;
  try {
    picture = await decodePicture(task.bytes, { maxSide: WORKING_MAX_SIDE });
  } catch (error) {
    if (error instanceof PictureError) return { ok: false, reason: error.reason };
    throw error;
  }
  // The thumbnail encodes on sharp's thread while the descriptors run on this one.
  const thumbnail = task.thumbnail ? makeThumbnail(picture) : Promise.resolve(null);
  // Awaited below; marked handled now so that a descriptor error thrown first leaves no stray rejection.
  thumbnail.catch(() => {});
  // Kinds that share a canonical size share one resampled picture.
  const kinds = task.kinds.map((name) => getKind(name));
  const sizes = [...new Set(kinds.map((kind) => kind.canonicalSize))];
  const resized = await Promise.all(sizes.map((size) => toCanonicalSize(picture, size)));
  const canonical = new Map(sizes.map((size, i) => [size, resized[i]]));
  const vectors: ArtworkVector[] = kinds.map((kind) => {
    const input = canonical.get(kind.canonicalSize)!;
    return { kind: kind.name, version: kind.version, vector: toFloat32(kind.compute(input.rgb, input.width, input.height)) };
  });
  return {
    ok: true,
    format: picture.format,
    width: picture.originalWidth,
    height: picture.originalHeight,
    thumbnail: await thumbnail,
    thumbnailFormat: THUMBNAIL_FORMAT,
    vectors,
  };
}
