import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { SCAN_KINDS as DESCRIPTOR_KINDS, type KindName } from '../../src/main/artwork/kinds.js';
import { ArtworkPool } from '../../src/main/artwork/pool.js';
import { processArtwork } from '../../src/main/artwork/process.js';

const ALL_KINDS: KindName[] = DESCRIPTOR_KINDS.map((k) => k.name);

/** A 600×600 JPEG cover: a coloured disk on a gradient, different per seed. */
async function cover(seed: number): Promise<Uint8Array> {
  const size = 600;
  const data = Buffer.alloc(size * size * 3);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const inDisk = (x - 200 - seed * 40) ** 2 + (y - 300) ** 2 < 120 ** 2;
      data.set(inDisk ? [250, 200 - seed * 30, 40] : [(x * 255) / size, 60 + seed * 40, (y * 255) / size], (y * size + x) * 3);
    }
  }
  return sharp(data, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

describe('ArtworkPool', () => {
  const pool = new ArtworkPool({ threads: 2 });
  afterAll(() => pool.close());

  it('uses the requested number of threads', () => {
    expect(pool.threads).toBe(2);
  });

  it('returns the same vectors as computing in this thread, with a JPEG thumbnail', async () => {
    const covers = await Promise.all([0, 1, 2, 3].map(cover));
    const results = await Promise.all(covers.map((bytes) => pool.run({ bytes, kinds: ALL_KINDS, thumbnail: true })));
    for (const [i, result] of results.entries()) {
      const local = await processArtwork({ bytes: covers[i], kinds: ALL_KINDS, thumbnail: false });
      if (!result.ok || !local.ok) throw new Error('expected both to decode');
      expect(result.format).toBe('jpeg');
      expect([result.width, result.height]).toEqual([600, 600]);
      expect(result.vectors.map((v) => [v.kind, v.version])).toEqual(DESCRIPTOR_KINDS.map((k) => [k.name, k.version]));
      result.vectors.forEach((v, k) => {
        expect(v.vector).toBeInstanceOf(Float32Array);
        expect(v.vector).toHaveLength(DESCRIPTOR_KINDS[k].dim);
        expect(Array.from(v.vector)).toEqual(Array.from(local.vectors[k].vector));
      });
      expect(result.thumbnailFormat).toBe('jpeg');
      const thumbnail = await sharp(result.thumbnail!).metadata();
      expect([thumbnail.format, thumbnail.width, thumbnail.height]).toEqual(['jpeg', 256, 256]);
    }
    // Different covers give different vectors.
    if (results[0].ok && results[1].ok) expect(results[0].vectors[1].vector).not.toEqual(results[1].vectors[1].vector);
  });

  it('computes only the kinds asked for, and no thumbnail when not asked', async () => {
    const result = await pool.run({ bytes: await cover(1), kinds: ['color'], thumbnail: false });
    if (!result.ok) throw new Error(result.reason);
    expect(result.vectors.map((v) => v.kind)).toEqual(['color']);
    expect(result.thumbnail).toBeNull();
  });

  it('reports a picture that does not decode instead of failing', async () => {
    const bytes = await cover(2);
    const result = await pool.run({ bytes: bytes.subarray(0, 3000), kinds: ALL_KINDS, thumbnail: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/^picture does not decode: /);
  });
});
