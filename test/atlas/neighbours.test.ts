import { describe, expect, it } from 'vitest';
import { nearestNeighbours } from '../../src/main/atlas/neighbours.js';
import { mulberry32 } from '../../src/shared/random.js';

/** Unit rows in tight clusters of 5 (so the true neighbours are clear), `dim` values each. */
function clustered(n: number, dim: number, seed: number): Float32Array {
  const random = mulberry32(seed);
  const out = new Float32Array(n * dim);
  const centre = new Float32Array(dim);
  for (let i = 0; i < n; i++) {
    if (i % 5 === 0) for (let d = 0; d < dim; d++) centre[d] = random() - 0.5;
    let norm = 0;
    for (let d = 0; d < dim; d++) {
      out[i * dim + d] = centre[d] + 0.05 * (random() - 0.5);
      norm += out[i * dim + d] ** 2;
    }
    for (let d = 0; d < dim; d++) out[i * dim + d] /= Math.sqrt(norm);
  }
  return out;
}

describe('the neighbour graph of a large library', () => {
  it('finds nearly every true neighbour (HNSW above the exact limit), never the point itself, the same each time', () => {
    const n = 4500;
    const dim = 16;
    const k = 4;
    const vectors = clustered(n, dim, 3);
    const found = nearestNeighbours(vectors, n, dim, k);
    let hits = 0;
    for (let i = 0; i < n; i++) {
      const cluster = Math.floor(i / 5);
      for (let s = 0; s < k; s++) {
        const j = found.index[i * k + s];
        expect(j).not.toBe(i);
        if (Math.floor(j / 5) === cluster) hits++;
      }
      expect(found.distance[i * k]).toBeLessThanOrEqual(found.distance[i * k + k - 1]);
    }
    // Each point's 4 nearest are the other 4 of its cluster.
    expect(hits / (n * k)).toBeGreaterThan(0.97);
    expect(nearestNeighbours(vectors, n, dim, k).index).toEqual(found.index);
  });
});
