import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PictureError, decodePicture, toCanonicalSize, type RgbImage } from '../../src/main/artwork/decode.js';

type Rgb = [number, number, number];

/** A width×height picture: left half `left`, right half `right` (raw RGB). */
function halves(width: number, height: number, left: Rgb, right: Rgb): ReturnType<typeof sharp> {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(x < width / 2 ? left : right, (y * width + x) * 3);
  }
  return sharp(data, { raw: { width, height, channels: 3 } });
}

function pixel(image: RgbImage, x: number, y: number): Rgb {
  const p = (y * image.width + x) * 3;
  return [image.rgb[p], image.rgb[p + 1], image.rgb[p + 2]];
}

function expectNear(actual: Rgb, expected: Rgb, tolerance: number): void {
  actual.forEach((v, i) => expect(Math.abs(v - expected[i]), `channel ${i} of [${actual}] vs [${expected}]`).toBeLessThanOrEqual(tolerance));
}

/** A PNG whose header claims width×height pixels, with almost no data behind it. */
function pngHeaderOnly(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function decodeError(bytes: Uint8Array): Promise<string> {
  const error = await decodePicture(bytes).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PictureError);
  return (error as PictureError).reason;
}

const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];

describe('decodePicture', () => {
  it('applies EXIF orientation: a picture stored sideways comes out upright', async () => {
    // Stored 40×20, left red / right blue; orientation 6 = display rotated 90° clockwise.
    const jpeg = await halves(40, 20, RED, BLUE).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
    const picture = await decodePicture(jpeg);
    expect([picture.width, picture.height]).toEqual([20, 40]);
    expect([picture.originalWidth, picture.originalHeight]).toEqual([20, 40]);
    expectNear(pixel(picture, 10, 5), RED, 40);
    expectNear(pixel(picture, 10, 34), BLUE, 40);
  });

  it('converts a CMYK JPEG to sRGB', async () => {
    const cmyk = await halves(32, 32, RED, BLUE).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const picture = await decodePicture(cmyk);
    expect(picture.format).toBe('jpeg');
    expect(picture.rgb).toHaveLength(32 * 32 * 3);
    const [r, g, b] = pixel(picture, 4, 16);
    expect(r).toBeGreaterThan(150);
    expect(Math.max(g, b)).toBeLessThan(100);
  });

  it('replicates a grey picture into three equal channels', async () => {
    const grey = await halves(16, 16, [40, 40, 40], [200, 200, 200]).toColourspace('b-w').png().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const picture = await decodePicture(grey);
    expect(pixel(picture, 2, 2)).toEqual([40, 40, 40]);
    expect(pixel(picture, 13, 2)).toEqual([200, 200, 200]);
  });

  it('brings a 16-bit PNG to 8 bits', async () => {
    const png16 = await halves(16, 16, [255, 128, 0], BLUE).toColourspace('rgb16').png().toBuffer();
    expect((await sharp(png16).metadata()).depth).toBe('ushort');
    const picture = await decodePicture(png16);
    expectNear(pixel(picture, 2, 2), [255, 128, 0], 1);
  });

  it('expands a paletted PNG', async () => {
    const paletted = await halves(16, 16, RED, BLUE).png({ palette: true, colours: 4 }).toBuffer();
    expect((await sharp(paletted).metadata()).isPalette).toBe(true);
    const picture = await decodePicture(paletted);
    expectNear(pixel(picture, 2, 2), RED, 2);
    expectNear(pixel(picture, 13, 2), BLUE, 2);
  });

  it('flattens transparency onto white', async () => {
    const rgba = Buffer.alloc(8 * 8 * 4);
    for (let i = 0; i < 64; i++) rgba.set(i < 32 ? [255, 0, 0, 0] : [255, 0, 0, 128], i * 4);
    const png = await sharp(rgba, { raw: { width: 8, height: 8, channels: 4 } }).png().toBuffer();
    const picture = await decodePicture(png);
    expect(pixel(picture, 3, 1)).toEqual([255, 255, 255]);
    expectNear(pixel(picture, 3, 6), [255, 127, 127], 2);
  });

  it('decodes progressive JPEG, WebP and GIF, naming the real format', async () => {
    const base = () => halves(24, 24, RED, BLUE);
    const cases: [string, Buffer][] = [
      ['jpeg', await base().jpeg({ progressive: true }).toBuffer()],
      ['webp', await base().webp({ quality: 90 }).toBuffer()],
      ['gif', await base().gif().toBuffer()],
    ];
    for (const [format, bytes] of cases) {
      const picture = await decodePicture(bytes);
      expect(picture.format).toBe(format);
      expect([picture.width, picture.height]).toEqual([24, 24]);
      expectNear(pixel(picture, 3, 12), RED, 40);
    }
  });

  it('takes the first frame of an animated GIF', async () => {
    const frame = (colour: Rgb) => halves(10, 10, colour, colour).png().toBuffer();
    const gif = await sharp([await frame(RED), await frame(BLUE)], { join: { animated: true } }).gif().toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const picture = await decodePicture(gif);
    expect([picture.width, picture.height]).toEqual([10, 10]);
    expectNear(pixel(picture, 5, 5), RED, 10);
  });

  it('shrinks to maxSide while decoding, keeping the aspect ratio and the original size on record', async () => {
    const jpeg = await halves(1200, 600, RED, BLUE).jpeg().toBuffer();
    const picture = await decodePicture(jpeg, { maxSide: 512 });
    expect([picture.width, picture.height]).toEqual([512, 256]);
    expect([picture.originalWidth, picture.originalHeight]).toEqual([1200, 600]);
  });

  it('refuses a truncated picture with the decoder message', async () => {
    const jpeg = await halves(64, 64, RED, BLUE).jpeg().toBuffer();
    expect(await decodeError(jpeg.subarray(0, jpeg.length / 2))).toMatch(/^picture does not decode: .+/);
  });

  it('refuses bytes that are no picture', async () => {
    expect(await decodeError(Buffer.from('ID3 this is not an image at all'))).toMatch(/^picture does not decode: .+/);
  });

  it('refuses a decompression bomb from its header, before decoding', async () => {
    expect(await decodeError(pngHeaderOnly(20000, 20000))).toBe('picture too large: 20000x20000 pixels (limit 50 megapixels)');
  });

  it('refuses vector formats', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect(await decodeError(svg)).toBe('unsupported picture format: svg');
  });
});

describe('toCanonicalSize', () => {
  it('stretches any picture to the square size, keeping its content', async () => {
    const picture = await decodePicture(await halves(300, 200, RED, BLUE).png().toBuffer());
    const square = await toCanonicalSize(picture, 80);
    expect([square.width, square.height, square.rgb.length]).toEqual([80, 80, 80 * 80 * 3]);
    expectNear(pixel(square, 10, 40), RED, 2);
    expectNear(pixel(square, 70, 40), BLUE, 2);
  });

  it('leaves a picture already at the size untouched', async () => {
    const picture = await decodePicture(await halves(80, 80, RED, BLUE).png().toBuffer());
    expect(await toCanonicalSize(picture, 80)).toBe(picture);
  });
});
