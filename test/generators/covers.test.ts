import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { COVER_STYLES, makeCover, type CoverStyle } from '../../src/main/demo/covers.js';

describe('makeCover', () => {
  it('is deterministic: the same seed and style give the same bytes, another seed other bytes', async () => {
    const a = await makeCover(7, 'neon', 96);
    expect((await makeCover(7, 'neon', 96)).equals(a)).toBe(true);
    expect((await makeCover(8, 'neon', 96)).equals(a)).toBe(false);
  });

  it('encodes JPEG or PNG at the size asked for', async () => {
    for (const format of ['jpeg', 'png'] as const) {
      const meta = await sharp(await makeCover(1, 'pop', 123, format)).metadata();
      expect([meta.format, meta.width, meta.height, meta.channels]).toEqual([format, 123, 123, 3]);
    }
  });

  it('gives 600×600 JPEGs the weight of real cover scans (50–150 KB) in every style', async () => {
    for (const style of COVER_STYLES) {
      const bytes = await makeCover(3, style, 600);
      expect(bytes.length, style).toBeGreaterThan(50 * 1024);
      expect(bytes.length, style).toBeLessThan(150 * 1024);
    }
  });

  it('makes covers of one style look alike and covers of different styles differ', async () => {
    // Leave-one-out nearest style centroid on a crude look descriptor
    // (per-channel mean and spread, edge energy): chance would be 1 in 8.
    const seeds = [11, 23, 37, 41, 53, 67];
    const items: { style: CoverStyle; f: number[] }[] = [];
    for (const style of COVER_STYLES) {
      for (const seed of seeds) items.push({ style, f: await look(await makeCover(seed, style, 128)) });
    }
    let hits = 0;
    for (const [i, item] of items.entries()) {
      let best: CoverStyle = COVER_STYLES[0];
      let bestDistance = Infinity;
      for (const style of COVER_STYLES) {
        const others = items.filter((o, j) => o.style === style && j !== i);
        const centroid = item.f.map((_, k) => others.reduce((s, o) => s + o.f[k], 0) / others.length);
        const distance = Math.hypot(...item.f.map((v, k) => v - centroid[k]));
        if (distance < bestDistance) [best, bestDistance] = [style, distance];
      }
      if (best === item.style) hits++;
    }
    expect(hits / items.length).toBeGreaterThanOrEqual(0.8);
  });
});

async function look(image: Buffer): Promise<number[]> {
  const side = 32;
  const data = await sharp(image).resize(side, side).raw().toBuffer();
  const f: number[] = [];
  const n = side * side;
  for (let c = 0; c < 3; c++) {
    let mean = 0;
    for (let i = c; i < data.length; i += 3) mean += data[i];
    mean /= n;
    let variance = 0;
    for (let i = c; i < data.length; i += 3) variance += (data[i] - mean) ** 2;
    f.push(mean / 255, Math.sqrt(variance / n) / 255);
  }
  let edges = 0;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x + 1 < side; x++) {
      const i = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) edges += Math.abs(data[i + c] - data[i + c + 3]);
    }
  }
  f.push(edges / (side * (side - 1) * 3 * 255));
  return f;
}
