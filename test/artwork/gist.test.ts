import { describe, expect, it } from 'vitest';
import { GIST_DIM, colorGist, gaborBank, gistPrefilter } from '../../src/main/artwork/gist.js';
import { type Expected, type Intermediate, fixturePixels, maxAbsError, readFixtureJson, relativeL2Error } from './fixtures.js';

const expected = readFixtureJson<Expected>('expected.json');
const intermediate = readFixtureJson<Intermediate>('intermediate.json');

/** Tolerances suggested by the fixture README (an independent float64 port reaches ~1e-5). */
const GIST_MAX_ABS = 5e-5;
const GIST_REL_L2 = 1e-4;

describe('colour GIST matches the LEAR C library', () => {
  for (const image of [...expected.images, ...intermediate.extraGist]) {
    it(`${image.file} (${image.width}x${image.height})`, async () => {
      const { rgb, width, height } = await fixturePixels(image.file);
      expect([width, height]).toEqual([image.width, image.height]);
      const gist = colorGist(rgb, width, height);
      expect(gist).toHaveLength(GIST_DIM);
      expect(maxAbsError(gist, image.gist)).toBeLessThanOrEqual(GIST_MAX_ABS);
      expect(relativeL2Error(gist, image.gist)).toBeLessThanOrEqual(GIST_REL_L2);
    });
  }

  it('gives the same vector when a size is computed again from the cache', async () => {
    const { rgb, width, height } = await fixturePixels('p15_triangle_64.png');
    expect(colorGist(rgb, width, height)).toEqual(colorGist(rgb, width, height));
  });

  it('refuses pictures smaller than 8 px on a side, as pyleargist does', () => {
    expect(() => colorGist(new Uint8Array(7 * 20 * 3), 7, 20)).toThrow(/smaller than 8/);
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
