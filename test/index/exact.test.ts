import { describe, expect, it } from 'vitest';
import { exactSearch, normalised, normaliseRows, simdExactSearch } from '../../src/main/index/exact.js';
import { clusteredVectors } from './library.js';

describe('normalisation', () => {
  it('scales rows to unit length and leaves zero or non-finite rows as zeros', () => {
    const rows = new Float32Array([3, 4, 0, 0, 0, 0, Number.NaN, 1, 0, 0, 2, 0]);
    normaliseRows(rows, 3);
    expect(Array.from(rows)).toEqual([0.6, 0.8, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0].map((v) => Math.fround(v)));
  });

  it('copies rather than changes its argument', () => {
    const vector = new Float32Array([0, 2]);
    expect(Array.from(normalised(vector))).toEqual([0, 1]);
    expect(Array.from(vector)).toEqual([0, 2]);
  });
});

describe('exact search', () => {
  // Unit vectors at 0°, 30°, 60°, 90°, 180° and a second copy of 30°.
  const angles = [0, 30, 60, 90, 180, 30];
  const ids = [10, 11, 12, 13, 14, 9];
  const vectors = new Float32Array(angles.flatMap((a) => [Math.cos((a * Math.PI) / 180), Math.sin((a * Math.PI) / 180)]));

  it('ranks by cosine, best first, with cosines as scores', () => {
    const hits = exactSearch(vectors, ids, new Float32Array([1, 0]), 3);
    expect(hits.map((h) => h.id)).toEqual([10, 9, 11]);
    expect(hits[0].score).toBeCloseTo(1, 6);
    expect(hits[1].score).toBeCloseTo(Math.cos(Math.PI / 6), 6);
  });

  it('puts equal scores in id order', () => {
    const hits = exactSearch(vectors, ids, new Float32Array([Math.cos(Math.PI / 6), Math.sin(Math.PI / 6)]), 2);
    expect(hits.map((h) => h.id)).toEqual([9, 11]);
  });

  it('scores opposite covers -1 and returns everything when k exceeds the library', () => {
    const hits = exactSearch(vectors, ids, new Float32Array([1, 0]), 50);
    expect(hits).toHaveLength(6);
    expect(hits.at(-1)).toEqual({ id: 14, score: expect.closeTo(-1, 6) });
  });

  it('leaves out excluded ids', () => {
    const hits = exactSearch(vectors, ids, new Float32Array([1, 0]), 2, new Set([10, 9]));
    expect(hits.map((h) => h.id)).toEqual([11, 12]);
  });
});

describe('SIMD exact search', () => {
  it('gives the reference answers, ids mapped from rows, left-out ids replaced by the next best', () => {
    const dim = 40;
    const vectors = clusteredVectors(500, dim, 3);
    normaliseRows(vectors, dim);
    const ids = Float64Array.from({ length: 500 }, (_, i) => 1000 + 3 * i);
    for (const at of [0, 99, 250, 499]) {
      const query = vectors.slice(at * dim, (at + 1) * dim);
      const leftOut = new Set([ids[at], ids[at + (at < 499 ? 1 : -1)]]);
      for (const [fast, reference] of [
        [simdExactSearch(vectors, ids, query, 10), exactSearch(vectors, ids, query, 10)],
        [simdExactSearch(vectors, ids, query, 10, (id) => leftOut.has(id), 1), exactSearch(vectors, ids, query, 10, leftOut)],
      ]) {
        expect(new Set(fast.map((hit) => hit.id))).toEqual(new Set(reference.map((hit) => hit.id)));
        expect(fast.map((hit) => hit.score)).toEqual(reference.map((hit) => expect.closeTo(hit.score, 5)));
      }
    }
    // Views into larger arrays (usearch alone would read them from the start of their buffer).
    const view = simdExactSearch(vectors.subarray(100 * dim), ids.subarray(100), vectors.subarray(250 * dim, 251 * dim), 1);
    expect(view).toEqual([{ id: ids[250], score: expect.closeTo(1, 5) }]);
    expect(simdExactSearch(vectors, ids, vectors.slice(0, dim), 600)).toHaveLength(500);
    expect(simdExactSearch(new Float32Array(0), [], vectors.slice(0, dim), 10)).toEqual([]);
  });
});
