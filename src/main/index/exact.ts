import { exactSearch as usearchExactSearch, MetricKind } from 'usearch';
import { TopK, type SearchHit } from './top-k.js';

/**
 * Brute-force cosine search. Vectors are stored unit-length, so the cosine of
 * two of them is their dot product: cos(a, b) = a·b / (‖a‖‖b‖) = â·b̂.
 * `exactSearch` is the plain reference; `simdExactSearch` gives the same
 * answers through usearch's SIMD kernels, 5–20× faster (bench/index-storage.ts),
 * and is what the index uses.
 */

/**
 * Scales each row of a row-major matrix to unit L2 length, in place. A row
 * that is all zeros, or holds a non-finite value, becomes all zeros: it is
 * like nothing (cosine 0 with every vector) rather than poisoning the search.
 */
export function normaliseRows(data: Float32Array, dim: number): void {
  for (let row = 0; row < data.length; row += dim) {
    let sumSquares = 0;
    for (let d = row; d < row + dim; d++) sumSquares += data[d] * data[d];
    if (sumSquares > 0 && Number.isFinite(sumSquares)) {
      const scale = 1 / Math.sqrt(sumSquares);
      for (let d = row; d < row + dim; d++) data[d] *= scale;
    } else {
      data.fill(0, row, row + dim);
    }
  }
}

/** A unit-length copy of one vector (all zeros for a zero or non-finite vector). */
export function normalised(vector: Float32Array): Float32Array {
  const copy = Float32Array.from(vector);
  normaliseRows(copy, copy.length);
  return copy;
}

/**
 * Dot product of `query` with row `row` of a row-major matrix. Four running
 * sums let the CPU overlap the multiply-adds (about 1.3× faster than one).
 */
export function dotRow(matrix: Float32Array, row: number, query: Float32Array): number {
  const dim = query.length;
  const base = row * dim;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dim; d += 4) {
    s0 += matrix[base + d] * query[d];
    s1 += matrix[base + d + 1] * query[d + 1];
    s2 += matrix[base + d + 2] * query[d + 2];
    s3 += matrix[base + d + 3] * query[d + 3];
  }
  for (; d < dim; d++) s0 += matrix[base + d] * query[d];
  return s0 + s1 + (s2 + s3);
}

/**
 * The k rows most similar to a unit-length `query`, by cosine, best first;
 * ties go to the lower id. `ids[i]` names row i of `vectors`.
 */
export function exactSearch(
  vectors: Float32Array,
  ids: ArrayLike<number>,
  query: Float32Array,
  k: number,
  exclude?: ReadonlySet<number>,
): SearchHit[] {
  const top = new TopK(Math.min(k, ids.length));
  for (let row = 0; row < ids.length; row++) {
    const id = ids[row];
    if (exclude?.has(id)) continue;
    top.offer(id, dotRow(vectors, row, query));
  }
  return top.hits();
}

/**
 * exactSearch through usearch's SIMD dot products, leaving out ids for which
 * `leftOut` is true (`leftOutHint` of them are expected among the nearest;
 * more are asked for while too few remain). Scores are computed in float32
 * (usearch) rather than float64: equal to exactSearch's to about 1e-6.
 */
export function simdExactSearch(
  vectors: Float32Array,
  ids: ArrayLike<number>,
  query: Float32Array,
  k: number,
  leftOut?: (id: number) => boolean,
  leftOutHint = 0,
): SearchHit[] {
  const count = ids.length;
  if (count === 0 || k === 0) return [];
  // usearch 2.25's exactSearch reads a typed array from the start of its buffer,
  // whatever its byteOffset: a view into a larger array is copied first.
  const dataset = vectors.byteOffset === 0 ? vectors : vectors.slice();
  const unit = query.byteOffset === 0 ? query : query.slice();
  let wanted = Math.min(count, k + leftOutHint);
  for (;;) {
    const found = usearchExactSearch(dataset, unit, unit.length, wanted, MetricKind.IP, 1);
    const top = new TopK(k);
    let kept = 0;
    for (let i = 0; i < found.keys.length; i++) {
      const id = ids[Number(found.keys[i])];
      if (leftOut?.(id)) continue;
      top.offer(id, 1 - found.distances[i]);
      kept++;
    }
    if (kept >= k || wanted >= count) return top.hits();
    wanted = Math.min(count, 2 * wanted);
  }
}
