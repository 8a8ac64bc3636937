import { describe, expect, it } from 'vitest';
import { formatKindMix, parseKindMix } from '../../src/shared/mix.js';

const KNOWN = ['tiny', 'gist', 'color'];

describe('descriptor mixes', () => {
  it('takes a single kind at full weight', () => {
    expect(parseKindMix('gist', KNOWN)).toEqual([{ name: 'gist', weight: 1 }]);
  });

  it('normalises the weights of a mix to sum 1', () => {
    const mix = parseKindMix('gist:7, color:3', KNOWN);
    expect(mix.map((kind) => kind.name)).toEqual(['gist', 'color']);
    expect(mix[0].weight).toBeCloseTo(0.7, 12);
    expect(mix[1].weight).toBeCloseTo(0.3, 12);
    expect(formatKindMix(mix)).toBe('gist:0.7,color:0.3');
  });

  it('counts a kind without a weight as 1', () => {
    expect(parseKindMix('gist,color', KNOWN).map((kind) => kind.weight)).toEqual([0.5, 0.5]);
  });

  it.each([
    ['gits', /Unknown descriptor kind "gits".*known kinds: tiny, gist, color/],
    ['gist:0.7,colour:0.3', /Unknown descriptor kind "colour"/],
    ['gist:abc', /weight "abc" of the kind "gist".*positive number/],
    ['gist:-1,color:2', /weight "-1"/],
    ['gist:0', /weight "0"/],
    ['gist:', /weight ""/],
    ['gist:Infinity', /weight "Infinity"/],
    ['gist,gist', /appears twice/],
    ['', /empty/],
    ['gist,,color', /empty entry/],
  ])('refuses %j with a clear message', (spec, message) => {
    expect(() => parseKindMix(spec, KNOWN)).toThrow(message);
  });
});
