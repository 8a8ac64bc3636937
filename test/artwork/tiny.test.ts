import { describe, expect, it } from 'vitest';
import { TINY_DIM, tinyDescriptor } from '../../src/main/artwork/tiny.js';
import { type Expected, type Intermediate, fixturePixels, maxAbsError, readFixtureJson } from './fixtures.js';

const expected = readFixtureJson<Expected>('expected.json');
const intermediate = readFixtureJson<Intermediate>('intermediate.json');

describe('tiny 16x16 descriptor matches the numpy reference', () => {
  for (const image of [...expected.images, ...intermediate.extraGist]) {
    it(`${image.file} (${image.width}x${image.height})`, async () => {
      const { rgb, width, height } = await fixturePixels(image.file);
      const tiny = tinyDescriptor(rgb, width, height);
      expect(tiny).toHaveLength(TINY_DIM);
      expect(maxAbsError(tiny, image.tiny)).toBeLessThanOrEqual(1e-9);
    });
  }

  it('is all zeros for a flat picture', () => {
    const grey = new Uint8Array(40 * 30 * 3).fill(128);
    expect(Array.from(tinyDescriptor(grey, 40, 30))).toEqual(new Array(TINY_DIM).fill(0));
  });

  it('is standardised: mean 0, population standard deviation 1', () => {
    const rgb = Uint8Array.from({ length: 37 * 23 * 3 }, (_, i) => (i * 97) % 251);
    const tiny = tinyDescriptor(rgb, 37, 23);
    const mean = tiny.reduce((a, b) => a + b, 0) / TINY_DIM;
    const variance = tiny.reduce((a, b) => a + (b - mean) ** 2, 0) / TINY_DIM;
    expect(mean).toBeCloseTo(0, 12);
    expect(variance).toBeCloseTo(1, 12);
  });
});
