import { mulberry32, sampleIndices } from '../../shared/random.js';

/**
 * Rows whose dot product is the similarity being scored: `count` rows of
 * `dim` float32 values (unit vectors for a cosine kind, weighted blocks of
 * unit vectors for a mix).
 */
export interface Embedding {
  readonly count: number;
  readonly dim: number;
  readonly rows: Float32Array;
}

/** Above this many album pairs, AUC uses a seeded sample of this many pairs (all pairs of ~2,000 albums). */
export const MAX_PAIRS = 2_000_000;
/** Above this many labelled albums, precision@k averages over a seeded sample of this many query albums. */
export const MAX_QUERIES = 2_000;
export const PRECISION_K = 10;

/** Row i · row j of one set of rows. */
export function dot(rows: Float32Array, dim: number, i: number, j: number): number {
  return dotAcross(rows, i, rows, j, dim);
}

/** Row i of a · row j of b. */
export function dotAcross(a: Float32Array, i: number, b: Float32Array, j: number, dim: number): number {
  const x = i * dim;
  const y = j * dim;
  let sum = 0;
  for (let d = 0; d < dim; d++) sum += a[x + d] * b[y + d];
  return sum;
}

/** Up to this many albums, all similarities are computed once and shared by AUC and precision@k (8·n² bytes). */
export const MAX_MATRIX_ALBUMS = 2_000;

/** Every album's similarity to every other (n × n), or null above MAX_MATRIX_ALBUMS. */
export function similarityMatrix(embedding: Embedding): Float64Array | null {
  const { count, rows, dim } = embedding;
  if (count > MAX_MATRIX_ALBUMS) return null;
  const matrix = new Float64Array(count * count);
  for (let i = 0; i < count; i++) {
    for (let j = i; j < count; j++) {
      const value = dot(rows, dim, i, j);
      matrix[i * count + j] = value;
      matrix[j * count + i] = value;
    }
  }
  return matrix;
}

/**
 * The Mann–Whitney U statistic scaled to [0, 1]: the probability that a
 * positive scores above a negative, ties counting one half (Hanley &
 * McNeil 1982). Exact; NaN when either side is empty. Sorts its inputs.
 */
export function rankAuc(positives: Float64Array, negatives: Float64Array): number {
  if (positives.length === 0 || negatives.length === 0) return Number.NaN;
  positives.sort();
  negatives.sort();
  // For each run of equal positives, count negatives strictly below and equal.
  let below = 0;
  let wins = 0;
  let p = 0;
  while (p < positives.length) {
    const value = positives[p];
    let runEnd = p;
    while (runEnd < positives.length && positives[runEnd] === value) runEnd++;
    while (below < negatives.length && negatives[below] < value) below++;
    let equalEnd = below;
    while (equalEnd < negatives.length && negatives[equalEnd] === value) equalEnd++;
    wins += (runEnd - p) * (below + 0.5 * (equalEnd - below));
    p = runEnd;
  }
  return wins / (positives.length * negatives.length);
}

/** Album pairs (i < j): all of them, or a seeded uniform sample of `maxPairs` distinct-album pairs. */
export interface PairSet {
  readonly first: Uint32Array;
  readonly second: Uint32Array;
  readonly sampled: boolean;
}

export function albumPairs(count: number, maxPairs = MAX_PAIRS, seed = 1): PairSet {
  const total = (count * (count - 1)) / 2;
  if (total <= maxPairs) {
    const first = new Uint32Array(total);
    const second = new Uint32Array(total);
    let k = 0;
    for (let i = 0; i < count; i++) {
      for (let j = i + 1; j < count; j++) {
        first[k] = i;
        second[k] = j;
        k++;
      }
    }
    return { first, second, sampled: false };
  }
  const random = mulberry32(seed);
  const first = new Uint32Array(maxPairs);
  const second = new Uint32Array(maxPairs);
  for (let k = 0; k < maxPairs; k++) {
    const i = Math.floor(random() * count);
    let j = Math.floor(random() * (count - 1));
    if (j >= i) j++;
    first[k] = Math.min(i, j);
    second[k] = Math.max(i, j);
  }
  return { first, second, sampled: true };
}

export interface PairAuc {
  readonly auc: number;
  /** The same, leaving out pairs inside one near-duplicate group. */
  readonly aucWithoutDuplicates: number;
  /** Same-label and different-label pairs scored (all pairs, or the sample). */
  readonly positives: number;
  readonly negatives: number;
  readonly duplicatePairs: number;
}

/**
 * AUC of "similarity predicts a shared label": same-label pairs are the
 * positives, different-label pairs the negatives. `groups[i]` is album i's
 * near-duplicate group.
 */
export function similarityAuc(
  embedding: Embedding,
  labels: Int32Array,
  groups: Int32Array,
  pairs: PairSet,
  matrix: Float64Array | null = null,
): PairAuc {
  const { rows, dim, count } = embedding;
  const n = pairs.first.length;
  const scores = new Float64Array(n);
  const same = new Uint8Array(n);
  const duplicate = new Uint8Array(n);
  let positives = 0;
  let duplicatePositives = 0;
  let duplicates = 0;
  for (let k = 0; k < n; k++) {
    const i = pairs.first[k];
    const j = pairs.second[k];
    scores[k] = matrix ? matrix[i * count + j] : dot(rows, dim, i, j);
    if (labels[i] === labels[j]) {
      same[k] = 1;
      positives++;
    }
    if (groups[i] === groups[j]) {
      duplicate[k] = 1;
      duplicates++;
      duplicatePositives += same[k];
    }
  }
  const all = split(scores, same, null, positives);
  const distinct = split(scores, same, duplicate, positives - duplicatePositives);
  return {
    auc: rankAuc(all.positives, all.negatives),
    aucWithoutDuplicates: rankAuc(distinct.positives, distinct.negatives),
    positives,
    negatives: n - positives,
    duplicatePairs: duplicates,
  };
}

function split(
  scores: Float64Array,
  same: Uint8Array,
  skip: Uint8Array | null,
  positiveCount: number,
): { positives: Float64Array; negatives: Float64Array } {
  let kept = scores.length;
  if (skip) for (let k = 0; k < skip.length; k++) kept -= skip[k];
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(kept - positiveCount);
  let p = 0;
  let q = 0;
  for (let k = 0; k < scores.length; k++) {
    if (skip && skip[k]) continue;
    if (same[k]) positives[p++] = scores[k];
    else negatives[q++] = scores[k];
  }
  return { positives, negatives };
}

export interface Precision {
  readonly precisionAt10: number;
  /** The same with each query's own near-duplicate group left out of its neighbours. */
  readonly precisionAt10WithoutDuplicates: number;
  readonly queries: number;
}

/** The query albums for precision@k: all of them, or a seeded sample of `maxQueries`. */
export function queryAlbums(count: number, maxQueries = MAX_QUERIES, seed = 1): Uint32Array {
  return Uint32Array.from(sampleIndices(count, maxQueries, mulberry32(seed)));
}

/**
 * For each query album, the fraction of its k most similar other albums that
 * share its label, averaged over queries. Ties go to the lower index, so the
 * result is the same on every run.
 */
export function precisionAtK(
  embedding: Embedding,
  labels: Int32Array,
  groups: Int32Array,
  queries: Uint32Array,
  matrix: Float64Array | null = null,
  k = PRECISION_K,
): Precision {
  const { rows, dim, count } = embedding;
  const sims = new Float64Array(count);
  const order = new Int32Array(k);
  let total = 0;
  let totalDistinct = 0;
  for (const q of queries) {
    for (let j = 0; j < count; j++) {
      sims[j] = j === q ? Number.NEGATIVE_INFINITY : matrix ? matrix[q * count + j] : dot(rows, dim, q, j);
    }
    total += hitRate(sims, labels, labels[q], order, null, -1);
    totalDistinct += hitRate(sims, labels, labels[q], order, groups, groups[q]);
  }
  return {
    precisionAt10: total / queries.length,
    precisionAt10WithoutDuplicates: totalDistinct / queries.length,
    queries: queries.length,
  };
}

/** Fraction of the top-k (by sims, skipping -Infinity and the excluded group) labelled `label`. */
function hitRate(
  sims: Float64Array,
  labels: Int32Array,
  label: number,
  order: Int32Array,
  groups: Int32Array | null,
  excludedGroup: number,
): number {
  const k = order.length;
  let filled = 0;
  for (let j = 0; j < sims.length; j++) {
    const s = sims[j];
    if (s === Number.NEGATIVE_INFINITY) continue;
    if (groups && groups[j] === excludedGroup) continue;
    if (filled === k && s <= sims[order[k - 1]]) continue;
    // Insertion into the sorted top-k; equal scores keep the earlier index first.
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && sims[order[at - 1]] < s) {
      order[at] = order[at - 1];
      at--;
    }
    order[at] = j;
  }
  if (filled === 0) return 0;
  let hits = 0;
  for (let r = 0; r < filled; r++) if (labels[order[r]] === label) hits++;
  return hits / filled;
}

/**
 * Scores of held-out albums against the albums a model was fitted on (both
 * projected by that model): AUC over all (query, pool) pairs, and the share
 * of each query's k nearest pool albums that carry its label.
 */
export function crossScores(
  queries: Embedding,
  queryLabels: Int32Array,
  pool: Embedding,
  poolLabels: Int32Array,
  k = PRECISION_K,
): { readonly auc: number; readonly precisionAt10: number } {
  const { dim } = queries;
  let positiveCount = 0;
  for (let i = 0; i < queries.count; i++) for (let j = 0; j < pool.count; j++) if (queryLabels[i] === poolLabels[j]) positiveCount++;
  const positives = new Float64Array(positiveCount);
  const negatives = new Float64Array(queries.count * pool.count - positiveCount);
  const sims = new Float64Array(pool.count);
  const order = new Int32Array(k);
  let p = 0;
  let q = 0;
  let hits = 0;
  for (let i = 0; i < queries.count; i++) {
    for (let j = 0; j < pool.count; j++) {
      const value = dotAcross(queries.rows, i, pool.rows, j, dim);
      sims[j] = value;
      if (queryLabels[i] === poolLabels[j]) positives[p++] = value;
      else negatives[q++] = value;
    }
    hits += hitRate(sims, poolLabels, queryLabels[i], order, null, -1);
  }
  return { auc: rankAuc(positives, negatives), precisionAt10: hits / queries.count };
}
