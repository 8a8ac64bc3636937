/**
 * Picture decoding with sharp (libvips): any supported raster format to
 * 8-bit sRGB, three interleaved channels, upright.
 *
 * - The real format comes from the bytes (sharp's header sniffing), never
 *   from a declared MIME type or file name.
 * - The header is read first and pictures above `maxPixels` are refused
 *   before any pixel is decoded (decompression bombs); sharp's own
 *   `limitInputPixels` backs this up during decoding.
 * - EXIF orientation is applied; CMYK, grey and 16-bit pictures are
 *   converted to 8-bit sRGB (embedded ICC profiles are honoured); alpha is
 *   flattened onto white, as covers with transparency are drawn on a light
 *   page; animated pictures give their first frame.
 */

import sharp from 'sharp';

/** Larger pictures are refused: 50 megapixels is far above any real cover scan. */
export const MAX_INPUT_PIXELS = 50_000_000;

/** Raster formats a cover may come in, as sharp names them ('heif' covers AVIF). SVG and PDF are refused. */
const RASTER_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif', 'jp2', 'jxl']);

/** Interleaved 8-bit RGB pixels. */
export interface RgbImage {
  readonly rgb: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A decoded picture: its pixels (possibly reduced, see `maxSide`) and what the file itself was. */
export interface DecodedPicture extends RgbImage {
  /** Format detected from the bytes, e.g. 'jpeg', 'png'. */
  readonly format: string;
  /** Size of the original picture, upright (after EXIF rotation). */
  readonly originalWidth: number;
  readonly originalHeight: number;
}

/** A picture that cannot be used, with a reason fit for the user. */
export class PictureError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PictureError';
  }
}

export interface DecodeOptions {
  /** Refuse pictures with more pixels than this (default MAX_INPUT_PIXELS). */
  readonly maxPixels?: number;
  /**
   * Shrink pictures whose longer side exceeds this while decoding (aspect
   * kept, never enlarged). WebP then decodes at reduced scale, and JPEG at
   * 1/2, 1/4 or 1/8 scale (libjpeg's DCT scaling) when the picture is at
   * least 3, 5 or 9 times larger: sharp halves a power-of-two factor that
   * the shrink only just reaches, against libjpeg's rounding. A 600 px
   * cover decodes at full size, a 1200 px one at half. Omit to keep every
   * pixel.
   */
  readonly maxSide?: number;
}

/** libvips repeats its messages line by line; keep each once, on one line. */
function sharpMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const kept: string[] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line !== '' && !kept.some((k) => k.includes(line))) kept.push(line);
  }
  return kept.join('; ');
}

function megapixels(pixels: number): string {
  return `${Math.round(pixels / 1e5) / 10} megapixels`;
}

/** Decodes a picture to 8-bit sRGB; throws PictureError when it cannot be used. */
export async function decodePicture(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodedPicture> {
  const maxPixels = options.maxPixels ?? MAX_INPUT_PIXELS;
  // Header only: no pixel is decoded here.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw new PictureError(`picture does not decode: ${sharpMessage(error)}`);
    });
  const format = metadata.format ?? 'unknown';
  if (!RASTER_FORMATS.has(format)) throw new PictureError(`unsupported picture format: ${format}`);
  const width = metadata.autoOrient?.width ?? metadata.width ?? 0;
  const height = metadata.autoOrient?.height ?? metadata.height ?? 0;
  if (width < 1 || height < 1) throw new PictureError('picture does not decode: no dimensions in its header');
  if (width * height > maxPixels) {
    throw new PictureError(`picture too large: ${width}x${height} pixels (limit ${megapixels(maxPixels)})`);
  }

  let pipeline = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error', pages: 1 }).rotate();
  if (options.maxSide !== undefined) {
    pipeline = pipeline.resize(options.maxSide, options.maxSide, { fit: 'inside', withoutEnlargement: true, kernel: 'mitchell' });
  }
  try {
    const { data, info } = await pipeline
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels after conversion, got ${info.channels}`);
    const rgb = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    return { rgb, width: info.width, height: info.height, format, originalWidth: width, originalHeight: height };
  } catch (error) {
    throw new PictureError(`picture does not decode: ${sharpMessage(error)}`);
  }
}

/**
 * The picture resampled to size×size, as every descriptor kind sees it.
 *
 * fit 'fill' stretches a non-square cover rather than cropping it: nothing
 * of the artwork is lost, and most covers are square (or nearly) anyway.
 * The Mitchell–Netravali cubic (B = C = 1/3) is the compromise between
 * blur, ringing and aliasing that its authors designed it to be: Lanczos
 * would ring around the hard edges of text and logos, adding spurious
 * high-frequency energy that GIST would report as texture, and a plain box
 * filter aliases fine halftone or stripe patterns into false orientations.
 */
export async function toCanonicalSize(image: RgbImage, size: number): Promise<RgbImage> {
  if (image.width === size && image.height === size) return image;
  const data = await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'mitchell' })
    .raw()
    .toBuffer();
  return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: size, height: size };
}
