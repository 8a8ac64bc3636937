import { describe, expect, it } from 'vitest';
import { DESCRIPTOR_KINDS, SCAN_KINDS, getKind, isKindName } from '../../src/main/artwork/kinds.js';

describe('descriptor kinds', () => {
  it('registers tiny, gist, color and the background kind neural with a version and a canonical size', () => {
    expect(DESCRIPTOR_KINDS.map((k) => k.name)).toEqual(['tiny', 'gist', 'color', 'neural']);
    expect(SCAN_KINDS.map((k) => k.name)).toEqual(['tiny', 'gist', 'color']);
    expect(getKind('neural')).toMatchObject({ dim: 1280, canonicalSize: 224, background: true });
    for (const kind of DESCRIPTOR_KINDS) {
      expect(Number.isInteger(kind.version) && kind.version >= 1).toBe(true);
      expect(Number.isInteger(kind.canonicalSize) && kind.canonicalSize >= 16).toBe(true);
    }
    expect(getKind('gist').dim).toBe(960);
    expect(getKind('tiny').dim).toBe(256);
  });

  it('computes vectors of the announced dimension, all finite, at the canonical size', () => {
    for (const kind of SCAN_KINDS) {
      const n = kind.canonicalSize;
      const rgb = Uint8Array.from({ length: n * n * 3 }, (_, i) => (i * 37 + Math.floor(i / (n * 3)) * 11) % 256);
      const vector = kind.compute(rgb, n, n);
      expect(vector).toHaveLength(kind.dim);
      expect(vector.every(Number.isFinite)).toBe(true);
    }
  });

  it('rejects unknown kind names', () => {
    expect(isKindName('gist')).toBe(true);
    expect(isKindName('learned')).toBe(false);
    expect(() => getKind('vgg')).toThrow(/unknown descriptor kind "vgg"/);
  });
});
