import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { colorGistReference } from '../../src/main/artwork/gist.js';
import { processArtwork } from '../../src/main/artwork/process.js';
import { colorGist, setSimdCheck } from '../../src/main/artwork/wasm/gist-wasm.js';
import runArtworkTask from '../../src/main/artwork/worker.js';
import { SleeveError } from '../../src/shared/errors.js';
import { mulberry32 } from '../../src/shared/random.js';
import { maxAbsError } from './fixtures.js';

/**
 * Float32 against float64: the paths differ by under 4e-7 here. Far tighter
 * than the 5e-5 allowed against the C library, so that a small slip (such as
 * a filter built in the picture's layout instead of the DFT's, 4e-5 on a
 * non-square fixture) still fails.
 */
const GIST_MAX_ABS = 2e-6;

/** A picture with structure at every scale: smooth colour fields, a few hard edges, per-pixel noise. */
function randomPicture(width: number, height: number, seed: number): Uint8Array {
  const random = mulberry32(seed);
  const rgb = new Uint8Array(width * height * 3);
  const [fx, fy, phase] = [random() * 0.5, random() * 0.5, random() * 6];
  const edge = random() * width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const wave = 128 + 100 * Math.sin(fx * x + fy * y + phase);
      for (let c = 0; c < 3; c++) {
        const base = x < edge ? wave : 255 - wave * (c + 1) * 0.3;
        rgb[(y * width + x) * 3 + c] = Math.max(0, Math.min(255, Math.round(base + (random() - 0.5) * 60)));
      }
    }
  }
  return rgb;
}

describe('GIST in WebAssembly agrees with the TypeScript reference', () => {
  // Odd, prime and non-square sides, the smallest allowed, and padded sides (side + 10) with odd prime factors
  // 7 to 107 (the direct odd-radix butterfly); 263 and 269 (= 259 + 10) are above its limit, so the last
  // size goes through Bluestein's algorithm in both the Gabor stage and the prefilter.
  const sizes: [number, number][] = [
    [80, 80],
    [8, 8],
    [9, 13],
    [81, 81],
    [97, 97],
    [37, 53],
    [80, 60],
    [61, 80],
    [128, 45],
    [263, 259],
  ];
  for (const [width, height] of sizes) {
    it(`on a random ${width}x${height} picture`, () => {
      const rgb = randomPicture(width, height, width * 1000 + height);
      const wasm = colorGist(rgb, width, height);
      const reference = colorGistReference(rgb, width, height);
      expect(maxAbsError(wasm, reference)).toBeLessThanOrEqual(GIST_MAX_ABS);
      // Not a vector of zeros or a constant: the comparison above means something.
      expect(Math.max(...wasm) - Math.min(...wasm)).toBeGreaterThan(0.05);
    });
  }
});

describe('without WebAssembly SIMD', () => {
  afterEach(() => setSimdCheck(null));

  async function cover(): Promise<Uint8Array> {
    return sharp(Buffer.from(randomPicture(120, 120, 3)), { raw: { width: 120, height: 120, channels: 3 } }).jpeg().toBuffer();
  }

  it('GIST throws a clear error instead of computing a vector', () => {
    setSimdCheck(() => false);
    const rgb = randomPicture(80, 80, 1);
    expect(() => colorGist(rgb, 80, 80)).toThrow(SleeveError);
    expect(() => colorGist(rgb, 80, 80)).toThrow(/lacks WebAssembly SIMD/);
  });

  it('the artwork worker fails the task with that error, and works again once SIMD is there', async () => {
    const bytes = await cover();
    setSimdCheck(() => false);
    await expect(runArtworkTask({ bytes, kinds: ['gist'], thumbnail: false })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/WebAssembly SIMD/),
    });
    setSimdCheck(null);
    const result = await processArtwork({ bytes, kinds: ['gist'], thumbnail: false });
    expect(result.ok && result.vectors[0].vector.length).toBe(960);
  });
});
