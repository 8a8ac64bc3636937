import { describe, expect, it } from 'vitest';
import { GIST_DIM, colorGistReference, gaborBank, gistPrefilter } from '../../src/main/artwork/gist.js';
import { colorGist } from '../../src/main/artwork/wasm/gist-wasm.js';
import { type Expected, type Intermediate, fixturePixels, maxAbsError, readFixtureJson, relativeL2Error } from './fixtures.js';

const expected = readFixtureJson<Expected>('expected.json');
const intermediate = readFixtureJson<Intermediate>('intermediate.json');

/** Tolerances suggested by the fixture README (an independent float64 port reaches ~1e-5). */
const GIST_MAX_ABS = 5e-5;
const GIST_REL_L2 = 1e-4;

/** The WebAssembly SIMD path (float32, what a scan uses) and the TypeScript reference (float64). */
const IMPLEMENTATIONS = [
  ['WebAssembly', colorGist],
  ['TypeScript', colorGistReference],
] as const;

describe('colour GIST matches the LEAR C library', () => {
  for (const image of [...expected.images, ...intermediate.extraGist]) {
    for (const [name, gist] of IMPLEMENTATIONS) {
      it(`${image.file} (${image.width}x${image.height}), ${name}`, async () => {
        const { rgb, width, height } = await fixturePixels(image.file);
        expect([width, height]).toEqual([image.width, image.height]);
        const vector = gist(rgb, width, height);
        expect(vector).toHaveLength(GIST_DIM);
        expect(maxAbsError(vector, image.gist)).toBeLessThanOrEqual(GIST_MAX_ABS);
        expect(relativeL2Error(vector, image.gist)).toBeLessThanOrEqual(GIST_REL_L2);
      });
    }
  }

  it('includes the two 80x80 pictures a scan describes at', () => {
    const at80 = expected.images.filter((image) => image.width === 80 && image.height === 80).map((image) => image.file);
    expect(at80).toEqual(['p17_photo_80.png', 'p18_real_cover_80.png']);
  });

  it('gives the same vector when a size is computed again from the cache, or after another size', async () => {
    const { rgb, width, height } = await fixturePixels('p15_triangle_64.png');
    const first = colorGist(rgb, width, height);
    expect(colorGist(rgb, width, height)).toEqual(first);
    colorGist(new Uint8Array(80 * 80 * 3).fill(90), 80, 80);
    expect(colorGist(rgb, width, height)).toEqual(first);
    expect(colorGistReference(rgb, width, height)).toEqual(colorGistReference(rgb, width, height));
  });

  it('refuses pictures smaller than 8 px on a side, as pyleargist does', () => {
    for (const [, gist] of IMPLEMENTATIONS) expect(() => gist(new Uint8Array(7 * 20 * 3), 7, 20)).toThrow(/smaller than 8/);
  });
});

describe('GIST stages match the values inside the C code', () => {
  for (const { width, height, filters } of intermediate.gaborFilters) {
    it(`Gabor bank on a ${width}x${height} grid`, () => {
      const bank = gaborBank(width, height);
      expect(bank).toHaveLength(filters.length);
      bank.forEach((filter, k) => expect(maxAbsError(filter, filters[k])).toBeLessThanOrEqual(1e-6));
    });
  }

  for (const { file, planes } of intermediate.prefilterOutput) {
    it(`prefilter output of ${file}`, async () => {
      const { rgb, width, height } = await fixturePixels(file);
      const output = gistPrefilter(rgb, width, height);
      for (let c = 0; c < 3; c++) expect(maxAbsError(output[c], planes[c])).toBeLessThanOrEqual(2e-5);
    });
  }
});
