/**
 * Seeded synthetic descriptors with the structure of real cover descriptors,
 * for benchmarking nearest-neighbour search.
 *
 * Real image descriptors (GIST, colour histograms) are high-dimensional but
 * of low intrinsic dimension: they lie near a low-dimensional subspace, in
 * clusters of very uneven size (styles, labels, series), share a large common
 * mean (GIST energies are all positive), and carry a little independent noise
 * in every coordinate. Uniform noise in 960-d is the degenerate case where all
 * distances concentrate and no approximate index can work, so it is not used.
 *
 * A point is  x = m + B·(c_j + s·g) + ε,  where
 *   B    : intrinsic × dim Gaussian basis (a random `intrinsic`-d subspace),
 *   c_j  : the centre of cluster j, N(0, I) in the subspace; j drawn with
 *          Zipf weights 1/(j+1) so a few clusters are large and many small,
 *   s·g  : within-cluster spread, g ~ N(0, I),
 *   m    : a positive mean shared by every point,
 *   ε    : isotropic noise N(0, noise²) in all `dim` coordinates.
 */

import { mulberry32 } from '../../src/shared/random.js';

export interface ClusteredSpaceOptions {
  readonly dim: number;
  /** Dimension of the subspace the structure lives in. */
  readonly intrinsic?: number;
  readonly clusters?: number;
  /** Within-cluster standard deviation, relative to the spread of the centres. */
  readonly spread?: number;
  /** Norm of the shared mean, relative to the typical norm of the structure. */
  readonly offset?: number;
  /** Norm of the noise, relative to the typical norm of the structure. */
  readonly noise?: number;
  readonly seed: number;
}

export interface ClusteredSpace {
  readonly dim: number;
  /** `count` points, row-major; the same seed gives the same points. */
  sample(count: number, seed: number): Float32Array;
}

const DEFAULT_INTRINSIC = 20;
const DEFAULT_CLUSTERS = 200;
const DEFAULT_SPREAD = 0.35;
const DEFAULT_OFFSET = 1;
const DEFAULT_NOISE = 0.15;

/** Standard normal samples by the Box–Muller transform. */
export function seededGaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare = Number.NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const value = spare;
      spare = Number.NaN;
      return value;
    }
    const u = 1 - uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

export function clusteredSpace(options: ClusteredSpaceOptions): ClusteredSpace {
  const { dim, seed } = options;
  const intrinsic = options.intrinsic ?? DEFAULT_INTRINSIC;
  const clusters = options.clusters ?? DEFAULT_CLUSTERS;
  const spread = options.spread ?? DEFAULT_SPREAD;
  const gaussian = seededGaussian(seed);

  // Basis rows scaled so B·z has the norm of z: structure norm ≈ sqrt(intrinsic).
  const basis = new Float32Array(intrinsic * dim);
  for (let i = 0; i < basis.length; i++) basis[i] = gaussian() / Math.sqrt(dim);
  const structureNorm = Math.sqrt(intrinsic * (1 + spread * spread));

  const centres = new Float32Array(clusters * intrinsic);
  for (let i = 0; i < centres.length; i++) centres[i] = gaussian();

  const mean = new Float32Array(dim);
  const meanScale = ((options.offset ?? DEFAULT_OFFSET) * structureNorm) / Math.sqrt(dim);
  const uniform = mulberry32(seed ^ 0x5bd1e995);
  // Positive coordinates of varying size, with the requested norm on average.
  for (let d = 0; d < dim; d++) mean[d] = meanScale * Math.sqrt(3) * uniform();
  const noiseSd = ((options.noise ?? DEFAULT_NOISE) * structureNorm) / Math.sqrt(dim);

  const cumulative = new Float64Array(clusters);
  let total = 0;
  for (let j = 0; j < clusters; j++) {
    total += 1 / (j + 1);
    cumulative[j] = total;
  }

  return {
    dim,
    sample(count: number, sampleSeed: number): Float32Array {
      const out = new Float32Array(count * dim);
      const pick = mulberry32(sampleSeed);
      const draw = seededGaussian(sampleSeed ^ 0x9e3779b9);
      const latent = new Float32Array(intrinsic);
      for (let i = 0; i < count; i++) {
        const cluster = clusterFor(cumulative, pick() * total);
        for (let a = 0; a < intrinsic; a++) latent[a] = centres[cluster * intrinsic + a] + spread * draw();
        const row = i * dim;
        for (let d = 0; d < dim; d++) out[row + d] = mean[d] + noiseSd * draw();
        for (let a = 0; a < intrinsic; a++) {
          const z = latent[a];
          const base = a * dim;
          for (let d = 0; d < dim; d++) out[row + d] += z * basis[base + d];
        }
      }
      return out;
    },
  };
}

/** The first cluster whose cumulative weight exceeds `target` (binary search). */
function clusterFor(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}
