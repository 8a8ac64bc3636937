/**
 * Trustworthiness of an embedding (Venna & Kaski, "Neighborhood preservation
 * in nonlinear projection methods", 2001; scikit-learn's
 * sklearn.manifold.trustworthiness):
 *
 *   T(k) = 1 − 2 / (n·k·(2n − 3k − 1)) · Σ_i Σ_{j ∈ U_k(i)} (r(i, j) − k)
 *
 * where U_k(i) are the points among i's k nearest in the map but not in the
 * original space, and r(i, j) is j's rank among i's neighbours in the
 * original space (1 = nearest). 1 means no map neighbour is an intruder.
 * O(n² log n): for tests and benchmarks, not for the app.
 */

/**
 * `original` holds n rows of `dim` values, `embedded` n rows of `embeddedDim`;
 * distances are Euclidean in both.
 */
export function trustworthiness(original: ArrayLike<number>, dim: number, embedded: ArrayLike<number>, embeddedDim: number, k: number): number {
  const n = embedded.length / embeddedDim;
  if (k >= n / 2) throw new RangeError(`trustworthiness needs k < n/2 (k = ${k}, n = ${n})`);
  const rank = new Int32Array(n);
  const order = new Int32Array(n);
  const distances = new Float64Array(n);
  let penalty = 0;
  for (let i = 0; i < n; i++) {
    rankBy(original, dim, i, n, distances, order);
    for (let r = 0; r < n; r++) rank[order[r]] = r;
    rankBy(embedded, embeddedDim, i, n, distances, order);
    // order[0] is i itself (distance 0, ties broken towards i), so map neighbours are order[1..k].
    for (let r = 1; r <= k; r++) {
      const excess = rank[order[r]] - k;
      if (excess > 0) penalty += excess;
    }
  }
  return 1 - (2 / (n * k * (2 * n - 3 * k - 1))) * penalty;
}

/** Fills `order` with 0..n-1 sorted by distance to row i (i first among ties). */
function rankBy(rows: ArrayLike<number>, dim: number, i: number, n: number, distances: Float64Array, order: Int32Array): void {
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let d = 0; d < dim; d++) {
      const v = rows[i * dim + d] - rows[j * dim + d];
      s += v * v;
    }
    distances[j] = s;
    order[j] = j;
  }
  order.sort((a, b) => distances[a] - distances[b] || (a === i ? -1 : b === i ? 1 : a - b));
}
