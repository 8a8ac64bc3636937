import { describe, expect, it } from 'vitest';
import { coarseExactSearch, quantiseRows } from '../../src/main/index/coarse.js';
import { CoverIndex } from '../../src/main/index/cover-index.js';
import { exactSearch, normaliseRows } from '../../src/main/index/exact.js';
import { addDescriptors, clusteredVectors, row, tempLibrary } from './library.js';

const DIM = 96;
const K = 10;

describe('exact search that reads 8-bit codes first', () => {
  it('codes each component as the nearest step of 1/127 of the largest, either sign', () => {
    const largest = 0.25;
    const step = largest / 127;
    const values = Float32Array.from([largest, -largest, 0, step * 2.6, -step * 2.4, step * 0.49, -step * 0.51, step * 126.6, ...Array.from({ length: 200 }, (_, i) => Math.sin(i * 7.3) * 0.2)]);
    const { codes, scale } = quantiseRows(values);
    expect(scale).toBeCloseTo(127 / largest, 6);
    expect(Array.from(codes)).toEqual(Array.from(values, (v) => Math.round(v * scale)));
    expect(Array.from(codes.subarray(0, 8))).toEqual([127, -127, 0, 3, -2, 0, -1, 127]);
    expect(codes.every((code) => Math.abs(code) <= 127)).toBe(true);
  });

  it('answers what a float32 pass answers, left-out covers included, in clusters of 25 near-identical covers', () => {
    const count = 4000;
    const vectors = clusteredVectors(count, DIM, 31, 25);
    normaliseRows(vectors, DIM);
    const ids = Float64Array.from({ length: count }, (_, i) => 1000 + i);
    const coarse = quantiseRows(vectors);
    const leftOut = (id: number) => id % 9 === 0;
    const gone = new Set(Array.from(ids).filter(leftOut));
    for (let at = 0; at < count; at += 13) {
      const query = row(vectors, DIM, at);
      const truth = exactSearch(vectors, ids, query, K);
      const found = coarseExactSearch(vectors, coarse, ids, query, K);
      expect(found.map((hit) => hit.id)).toEqual(truth.map((hit) => hit.id));
      for (let i = 0; i < K; i++) expect(found[i].score).toBeCloseTo(truth[i].score, 5);
      const truthLeft = exactSearch(vectors, ids, query, K, gone);
      expect(coarseExactSearch(vectors, coarse, ids, query, K, leftOut, gone.size).map((hit) => hit.id)).toEqual(truthLeft.map((hit) => hit.id));
    }
  });

  it('is what an index searched exactly uses when large, with the same answers as without it', () => {
    const library = tempLibrary();
    try {
      const kind = { name: 'gist', version: 1, dim: DIM };
      const vectors = clusteredVectors(3000, DIM, 32, 25);
      addDescriptors(library.db, 'gist', 1, vectors, DIM);
      const plain = CoverIndex.open(library.db, library.dir, kind, undefined, { exactFloats: Infinity, coarseFloats: Infinity });
      const coarse = CoverIndex.open(library.db, library.dir, kind, undefined, { exactFloats: Infinity, coarseFloats: 0 });
      expect(coarse.mode).toBe('exact');
      for (let at = 0; at < 3000; at += 17) {
        const query = row(vectors, DIM, at);
        expect(coarse.search(query, K).map((hit) => hit.id)).toEqual(plain.search(query, K).map((hit) => hit.id));
      }
    } finally {
      library.dispose();
    }
  });
});
