/**
 * UMAP's starting layout from the first two principal components
 * (umap-learn's init="pca", then noisy_scale_coords: the largest coordinate
 * scaled to 10, plus N(0, 10⁻⁴) noise so coincident points can separate).
 * Starting from PCA rather than random points keeps far-apart families far
 * apart, and the same input starts the same way.
 *
 * The components come from subspace iteration (Golub & Van Loan, §8.2.4) on
 * the covariance of at most SAMPLE_ROWS rows: C·V = Xcᵀ(Xc·V)/m, then
 * Gram–Schmidt, ITERATIONS times; every row is then projected.
 */
import type { Random } from '../../shared/random.js';

const COMPONENTS = 2;
const SAMPLE_ROWS = 5000;
const ITERATIONS = 30;
const MAX_COORDINATE = 10;
const NOISE = 1e-4;

export function pcaLayout(vectors: Float32Array, n: number, dim: number, random: Random): Float64Array {
  const step = Math.max(1, Math.floor(n / SAMPLE_ROWS));
  const sample: number[] = [];
  for (let i = 0; i < n && sample.length < SAMPLE_ROWS; i += step) sample.push(i);
  const mean = new Float64Array(dim);
  for (const i of sample) for (let d = 0; d < dim; d++) mean[d] += vectors[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= sample.length;

  // V: dim × 2, column-major (component c at [c·dim, (c+1)·dim)).
  const basis = new Float64Array(COMPONENTS * dim);
  for (let i = 0; i < basis.length; i++) basis[i] = random() - 0.5;
  orthonormalise(basis, dim);
  const scores = new Float64Array(COMPONENTS);
  const next = new Float64Array(COMPONENTS * dim);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    next.fill(0);
    for (const i of sample) {
      const base = i * dim;
      for (let c = 0; c < COMPONENTS; c++) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += (vectors[base + d] - mean[d]) * basis[c * dim + d];
        scores[c] = s;
      }
      for (let c = 0; c < COMPONENTS; c++) {
        const s = scores[c];
        for (let d = 0; d < dim; d++) next[c * dim + d] += (vectors[base + d] - mean[d]) * s;
      }
    }
    basis.set(next);
    orthonormalise(basis, dim);
  }

  const layout = new Float64Array(n * COMPONENTS);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const base = i * dim;
    for (let c = 0; c < COMPONENTS; c++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (vectors[base + d] - mean[d]) * basis[c * dim + d];
      layout[i * COMPONENTS + c] = s;
      largest = Math.max(largest, Math.abs(s));
    }
  }
  const scale = largest > 0 ? MAX_COORDINATE / largest : 1;
  const normal = gaussian(random);
  for (let i = 0; i < layout.length; i++) layout[i] = layout[i] * scale + NOISE * normal();
  return layout;
}

/** Gram–Schmidt on the columns of a column-major dim × COMPONENTS matrix; a null column becomes an axis. */
function orthonormalise(basis: Float64Array, dim: number): void {
  for (let c = 0; c < COMPONENTS; c++) {
    const col = c * dim;
    for (let p = 0; p < c; p++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += basis[col + d] * basis[p * dim + d];
      for (let d = 0; d < dim; d++) basis[col + d] -= dot * basis[p * dim + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += basis[col + d] * basis[col + d];
    norm = Math.sqrt(norm);
    if (norm > 1e-12) {
      for (let d = 0; d < dim; d++) basis[col + d] /= norm;
    } else {
      basis.fill(0, col, col + dim);
      basis[col + (c % dim)] = 1;
    }
  }
}

/** Standard normal numbers (Box–Muller). */
function gaussian(random: Random): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
