/**
 * UMAP (McInnes, Healy & Melville, "UMAP: Uniform Manifold Approximation and
 * Projection for Dimension Reduction", 2018), following the reference
 * implementation umap-learn: a fuzzy k-nearest-neighbour graph, then a
 * layout by stochastic gradient descent with negative sampling.
 *
 * Written on typed arrays rather than calling umap-js's fit: umap-js keeps
 * its graphs in string-keyed Maps and its points in arrays of arrays, and
 * took 34 s to build the graph and 72 s to lay out 10,000 points on this
 * machine (load 11 on 2 cores), against the 30 s goal for the whole atlas.
 * Its curve fit for a and b (findABParams) is used as it is.
 */
import { findABParams } from 'umap-js/dist/umap.js';
import type { Random } from '../../shared/random.js';
import type { Neighbours } from './neighbours.js';

export interface UmapSettings {
  /** Effective minimum distance between embedded points (umap-learn's min_dist). */
  readonly minDist: number;
  /** Scale of the embedded points (umap-learn's spread). */
  readonly spread: number;
  /** Optimisation epochs; 0 chooses by the number of points (EPOCH_SCHEDULE). */
  readonly epochs: number;
  /** Negative samples per positive one (umap-learn's negative_sample_rate). */
  readonly negativeSampleRate: number;
}

export const DEFAULT_UMAP: UmapSettings = { minDist: 0.1, spread: 1, epochs: 0, negativeSampleRate: 5 };

/** The fuzzy graph: symmetric, as COO edges (both directions present), weights in (0, 1]. */
export interface FuzzyGraph {
  readonly n: number;
  readonly head: Int32Array;
  readonly tail: Int32Array;
  readonly weight: Float64Array;
}

/** Binary-search steps and tolerance of smooth_knn_dist (umap-learn's values). */
const SMOOTH_K_ITERATIONS = 64;
const SMOOTH_K_TOLERANCE = 1e-5;
/** umap-learn's MIN_K_DIST_SCALE: σ never falls below this share of the mean neighbour distance. */
const MIN_K_DIST_SCALE = 1e-3;
/** Gradient components are clipped to ±4 (umap-learn's clip). */
const GRADIENT_CLIP = 4;
/** Added to the squared distance in the repulsive term, so coincident points push apart finitely. */
const REPULSION_EPSILON = 0.001;
const INITIAL_LEARNING_RATE = 1;
const REPULSION_STRENGTH = 1;
/** Epochs by graph size (umap-js's schedule, between umap-learn's 500 for small graphs and 200 for large ones). */
const EPOCH_SCHEDULE: readonly (readonly [number, number])[] = [
  [2500, 500],
  [5000, 400],
  [7500, 300],
];
const LARGE_GRAPH_EPOCHS = 200;

/**
 * Membership strengths of each point's k neighbours (smooth_knn_dist and
 * compute_membership_strengths): ρ_i is the distance to the nearest
 * neighbour, σ_i solves Σ_j exp(−max(0, d_ij − ρ_i)/σ_i) = log2(k), and
 * w_ij = exp(−max(0, d_ij − ρ_i)/σ_i). The graph is then the fuzzy union
 * W = A + Aᵀ − A∘Aᵀ.
 */
export function fuzzyGraph(neighbours: Neighbours): FuzzyGraph {
  const { n, k, index, distance } = neighbours;
  const strength = new Float64Array(n * k);
  let meanAll = 0;
  for (let i = 0; i < n * k; i++) meanAll += distance[i];
  meanAll /= Math.max(1, n * k);
  for (let i = 0; i < n; i++) {
    memberships(distance.subarray(i * k, (i + 1) * k), meanAll, strength.subarray(i * k, (i + 1) * k));
  }
  // Fuzzy union. Edge (i, j) of A meets its transpose when i is among j's neighbours.
  const head: number[] = [];
  const tail: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < k; s++) {
      const j = index[i * k + s];
      const a = strength[i * k + s];
      let b = 0;
      for (let t = 0; t < k; t++) {
        if (index[j * k + t] === i) {
          b = strength[j * k + t];
          break;
        }
      }
      const w = a + b - a * b;
      if (w <= 0) continue;
      head.push(i);
      tail.push(j);
      weight.push(w);
      // Without the reverse edge in A, row j would never emit (j, i).
      if (b === 0) {
        head.push(j);
        tail.push(i);
        weight.push(w);
      }
    }
  }
  return { n, head: Int32Array.from(head), tail: Int32Array.from(tail), weight: Float64Array.from(weight) };
}

/**
 * One point's membership strengths from its neighbours' distances (nearest
 * first) into `out`; `meanAll` (the mean of all neighbour distances) bounds
 * σ from below for a point whose neighbours all coincide with it.
 */
export function memberships(distance: ArrayLike<number>, meanAll: number, out: Float64Array): void {
  const k = distance.length;
  const target = Math.log2(k);
  let rho = 0;
  for (let j = 0; j < k; j++) {
    if (distance[j] > 0) {
      rho = distance[j];
      break;
    }
  }
  let lo = 0;
  let hi = Infinity;
  let sigma = 1;
  for (let step = 0; step < SMOOTH_K_ITERATIONS; step++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const d = distance[j] - rho;
      sum += d > 0 ? Math.exp(-d / sigma) : 1;
    }
    if (Math.abs(sum - target) < SMOOTH_K_TOLERANCE) break;
    if (sum > target) {
      hi = sigma;
      sigma = (lo + hi) / 2;
    } else {
      lo = sigma;
      sigma = hi === Infinity ? sigma * 2 : (lo + hi) / 2;
    }
  }
  let meanI = 0;
  for (let j = 0; j < k; j++) meanI += distance[j];
  meanI /= k;
  const floor = MIN_K_DIST_SCALE * (rho > 0 ? meanI : meanAll);
  if (sigma < floor) sigma = floor;
  for (let j = 0; j < k; j++) {
    const d = distance[j] - rho;
    out[j] = d > 0 ? Math.exp(-d / sigma) : 1;
  }
}

export function epochsFor(n: number, settings: UmapSettings): number {
  if (settings.epochs > 0) return settings.epochs;
  for (const [size, epochs] of EPOCH_SCHEDULE) if (n <= size) return epochs;
  return LARGE_GRAPH_EPOCHS;
}

/**
 * Optimises a 2-D layout in place (umap-learn's optimize_layout_euclidean):
 * each edge is sampled in proportion to its weight, attracting its two ends
 * with gradient −2ab·d^{2(b−1)} / (1 + a·d^{2b}), and each sample repels the
 * head from negativeSampleRate random points with 2γb / ((ε + d²)(1 + a·d^{2b})).
 * The learning rate falls linearly to 0. `embedding` holds x0, y0, x1, y1, …
 */
export function optimiseLayout(
  graph: FuzzyGraph,
  embedding: Float64Array,
  settings: UmapSettings,
  random: Random,
  onEpoch?: (epoch: number, epochs: number) => void,
): void {
  const { n, head, tail } = graph;
  const epochs = epochsFor(n, settings);
  const { a, b } = findABParams(settings.spread, settings.minDist);
  // Edges too weak to be sampled once in all the epochs are dropped (as umap-learn does).
  let maxWeight = 0;
  for (let e = 0; e < graph.weight.length; e++) maxWeight = Math.max(maxWeight, graph.weight[e]);
  const edges = graph.weight.length;
  const epochsPerSample = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    const w = graph.weight[e];
    epochsPerSample[e] = w >= maxWeight / epochs ? maxWeight / w : -1;
  }
  const epochsPerNegative = new Float64Array(edges);
  const nextSample = new Float64Array(edges);
  const nextNegative = new Float64Array(edges);
  for (let e = 0; e < edges; e++) {
    epochsPerNegative[e] = epochsPerSample[e] / settings.negativeSampleRate;
    nextSample[e] = epochsPerSample[e];
    nextNegative[e] = epochsPerNegative[e];
  }
  for (let epoch = 0; epoch < epochs; epoch++) {
    const alpha = INITIAL_LEARNING_RATE * (1 - epoch / epochs);
    for (let e = 0; e < edges; e++) {
      if (epochsPerSample[e] < 0 || nextSample[e] > epoch) continue;
      const j = head[e] * 2;
      const k = tail[e] * 2;
      let dx = embedding[j] - embedding[k];
      let dy = embedding[j + 1] - embedding[k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        // d^{2(b−1)} = d^{2b}/d²: one pow per sample.
        const d2b = Math.pow(d2, b);
        const coeff = (-2 * a * b * (d2b / d2)) / (a * d2b + 1);
        const gx = clip(coeff * dx) * alpha;
        const gy = clip(coeff * dy) * alpha;
        embedding[j] += gx;
        embedding[j + 1] += gy;
        embedding[k] -= gx;
        embedding[k + 1] -= gy;
      }
      nextSample[e] += epochsPerSample[e];
      const negatives = Math.floor((epoch - nextNegative[e]) / epochsPerNegative[e]);
      for (let p = 0; p < negatives; p++) {
        const other = Math.floor(random() * n) * 2;
        if (other === j) continue;
        dx = embedding[j] - embedding[other];
        dy = embedding[j + 1] - embedding[other + 1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const coeff = (2 * REPULSION_STRENGTH * b) / ((REPULSION_EPSILON + d2) * (a * Math.pow(d2, b) + 1));
          embedding[j] += clip(coeff * dx) * alpha;
          embedding[j + 1] += clip(coeff * dy) * alpha;
        } else {
          embedding[j] += GRADIENT_CLIP * alpha;
          embedding[j + 1] += GRADIENT_CLIP * alpha;
        }
      }
      nextNegative[e] += negatives * epochsPerNegative[e];
    }
    onEpoch?.(epoch + 1, epochs);
  }
}

function clip(value: number): number {
  return value > GRADIENT_CLIP ? GRADIENT_CLIP : value < -GRADIENT_CLIP ? -GRADIENT_CLIP : value;
}
