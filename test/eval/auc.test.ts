import { describe, expect, it } from 'vitest';
import {
  albumPairs,
  crossScores,
  precisionAtK,
  queryAlbums,
  rankAuc,
  similarityAuc,
  similarityMatrix,
  type Embedding,
} from '../../src/main/eval/auc.js';

describe('rankAuc', () => {
  it('counts ties as one half (hand-computed)', () => {
    // 0.9 beats both negatives (2); each 0.5 ties 0.5 (½) and beats 0.1 (1): 2 × 1.5. Total 5 of 6.
    expect(rankAuc(Float64Array.of(0.9, 0.5, 0.5), Float64Array.of(0.5, 0.1))).toBeCloseTo(5 / 6, 12);
  });

  it('is 1 for perfect separation, 0 for the reverse, ½ when everything ties', () => {
    expect(rankAuc(Float64Array.of(3, 4), Float64Array.of(1, 2))).toBe(1);
    expect(rankAuc(Float64Array.of(1, 2), Float64Array.of(3, 4))).toBe(0);
    expect(rankAuc(Float64Array.of(7, 7, 7), Float64Array.of(7, 7))).toBe(0.5);
  });

  it('is undefined without positives or negatives', () => {
    expect(rankAuc(new Float64Array(0), Float64Array.of(1))).toBeNaN();
  });
});

describe('similarityAuc', () => {
  // Four unit vectors whose dot products tie exactly: (0,1) and (2,3) give 0.6, (0,2) and (1,3) give 0.8,
  // (1,2) gives 0.96, (0,3) gives 0. Labels A A B A.
  const embedding: Embedding = { count: 4, dim: 2, rows: Float32Array.of(1, 0, 0.6, 0.8, 0.8, 0.6, 0, 1) };
  const labels = Int32Array.of(0, 0, 1, 0);

  it('is the rank statistic over all same- versus different-label pairs (hand-computed, with ties)', () => {
    // Positives (same label): 0.6, 0, 0.8. Negatives: 0.8, 0.96, 0.6.
    // 0.6 ties 0.6 → ½; 0 wins nothing; 0.8 ties 0.8 and beats 0.6 → 1½. Total 2 of 9.
    const result = similarityAuc(embedding, labels, Int32Array.of(0, 1, 2, 3), albumPairs(4));
    expect(result.auc).toBeCloseTo(2 / 9, 12);
    expect(result.positives).toBe(3);
    expect(result.negatives).toBe(3);
  });

  it('gives the same figures from a precomputed similarity matrix', () => {
    const groups = Int32Array.of(0, 1, 2, 2);
    const direct = similarityAuc(embedding, labels, groups, albumPairs(4));
    expect(similarityAuc(embedding, labels, groups, albumPairs(4), similarityMatrix(embedding))).toEqual(direct);
    const queries = queryAlbums(4);
    expect(precisionAtK(embedding, labels, groups, queries, similarityMatrix(embedding), 2)).toEqual(
      precisionAtK(embedding, labels, groups, queries, null, 2),
    );
  });

  it('leaves pairs inside a near-duplicate group out of aucWithoutDuplicates only', () => {
    // Albums 2 and 3 are one cover: the negative (2,3) = 0.6 goes; 0.8 ties 0.8 → ½ of 6.
    const result = similarityAuc(embedding, labels, Int32Array.of(0, 1, 2, 2), albumPairs(4));
    expect(result.auc).toBeCloseTo(2 / 9, 12);
    expect(result.aucWithoutDuplicates).toBeCloseTo(0.5 / 6, 12);
    expect(result.duplicatePairs).toBe(1);
  });
});

describe('albumPairs', () => {
  it('lists every pair once when they fit the bound', () => {
    const pairs = albumPairs(5, 10);
    expect(pairs.sampled).toBe(false);
    expect(pairs.first.length).toBe(10);
  });

  it('samples the same pairs for the same seed above the bound, never an album with itself', () => {
    const a = albumPairs(1000, 5000, 7);
    const b = albumPairs(1000, 5000, 7);
    expect(a.sampled).toBe(true);
    expect(a.first.length).toBe(5000);
    expect(Array.from(a.first)).toEqual(Array.from(b.first));
    expect(Array.from(a.second)).toEqual(Array.from(b.second));
    for (let k = 0; k < a.first.length; k++) expect(a.first[k]).toBeLessThan(a.second[k]);
    expect(Array.from(albumPairs(1000, 5000, 8).first)).not.toEqual(Array.from(a.first));
  });
});

describe('precisionAtK', () => {
  it('averages the share of each album’s k nearest others that carry its label', () => {
    // 1-d points (as ±1 unit vectors would tie, use 2-d angles): two tight clusters of three.
    const angles = [0, 1, 2, 90, 91, 92].map((degrees) => (degrees * Math.PI) / 180);
    const embedding: Embedding = { count: 6, dim: 2, rows: Float32Array.from(angles.flatMap((a) => [Math.cos(a), Math.sin(a)])) };
    const labels = Int32Array.of(0, 0, 0, 1, 1, 1);
    const all = queryAlbums(6);
    // k = 2: every album's two nearest are its cluster mates.
    expect(precisionAtK(embedding, labels, Int32Array.of(0, 1, 2, 3, 4, 5), all, null, 2).precisionAt10).toBe(1);
    // Without duplicates, albums 0 and 1 (one group) cannot count each other: 0's neighbours become 2 and 3.
    const grouped = precisionAtK(embedding, labels, Int32Array.of(0, 0, 2, 3, 4, 5), all, null, 2);
    expect(grouped.precisionAt10).toBe(1);
    expect(grouped.precisionAt10WithoutDuplicates).toBeCloseTo((0.5 + 0.5 + 1 + 1 + 1 + 1) / 6, 12);
  });
});

describe('crossScores', () => {
  it('scores queries against a separate pool (hand-computed)', () => {
    // Queries (1,0) label A and (0,1) label B; pool (0.8,0.6) A and (0.6,0.8) B.
    const queries: Embedding = { count: 2, dim: 2, rows: Float32Array.of(1, 0, 0, 1) };
    const pool: Embedding = { count: 2, dim: 2, rows: Float32Array.of(0.8, 0.6, 0.6, 0.8) };
    const result = crossScores(queries, Int32Array.of(0, 1), pool, Int32Array.of(0, 1), 1);
    // Positives 0.8 and 0.8 beat negatives 0.6 and 0.6: AUC 1; each query's nearest shares its label.
    expect(result.auc).toBe(1);
    expect(result.precisionAt10).toBe(1);
  });
});
