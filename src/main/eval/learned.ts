import { albumPairs, crossScores, precisionAtK, queryAlbums, similarityAuc, similarityMatrix, type Embedding } from './auc.js';
import { groupedFolds } from './folds.js';
import { fitShrunkLda } from './lda.js';
import { gramMatrix } from './linalg.js';
import { prepareInput, type InputKind, type LearnedProjection } from '../artwork/learned-projection.js';

export { applyProjection, LEARNED_KIND, prepareInput, type InputKind, type LearnedProjection } from '../artwork/learned-projection.js';

/**
 * The `learned` descriptor kind: a linear projection of the other kinds'
 * vectors fitted to the library's own labels by regularised LDA (lda.ts).
 *
 * Each input vector is power-normalised (signed square root, Perronnin et
 * al. 2010, "Improving the Fisher kernel") and scaled to unit length, as
 * cosine similarity sees it; then each kind's block is centred and divided by
 * its RMS distance to the mean, so that every kind carries the same total
 * variance whatever its width (960 GIST values do not drown 256 tiny ones).
 * The discriminant directions are weighted by √(between/within variance), so
 * cosine in the learned space leans on the directions that separate labels.
 * The shrinkage is chosen by an inner cross-validation on the training albums.
 */
/** Refuse to learn from fewer labelled albums than this... */
export const MIN_LABELLED = 30;
/** ...or from fewer than MIN_CLASSES labels with at least MIN_CLASS_ALBUMS albums each. */
export const MIN_CLASSES = 2;
export const MIN_CLASS_ALBUMS = 5;
/** At most this many learned dimensions (LDA gives at most one fewer than the number of labels). */
export const MAX_LEARNED_DIM = 32;
/** Candidate shrinkages α (towards a scaled identity), chosen by inner cross-validation. */
export const SHRINKAGE_GRID = [0.5, 0.8, 0.9, 0.95, 0.99] as const;
export const INNER_FOLDS = 3;
/** Fitting works on an n×n system: above this many albums it uses a seeded sample of them. */
export const MAX_FIT_ALBUMS = 2000;

export type Learnability = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** Whether labels (class ids, one per album) are enough to learn from. */
export function learnability(labels: Int32Array): Learnability {
  const counts = classCounts(labels);
  const usable = counts.filter((count) => count >= MIN_CLASS_ALBUMS).length;
  if (labels.length < MIN_LABELLED) {
    return { ok: false, reason: `only ${labels.length} labelled albums have every input kind; learning needs at least ${MIN_LABELLED}` };
  }
  if (usable < MIN_CLASSES) {
    return {
      ok: false,
      reason: `only ${usable} label${usable === 1 ? '' : 's'} ha${usable === 1 ? 's' : 've'} ${MIN_CLASS_ALBUMS} or more albums; learning needs at least ${MIN_CLASSES}`,
    };
  }
  return { ok: true };
}

/** Whether a training set can be fitted at all: at least MIN_CLASSES labels with MIN_CLASS_ALBUMS albums each. */
function fittable(labels: Int32Array): boolean {
  return classCounts(labels).filter((count) => count >= MIN_CLASS_ALBUMS).length >= MIN_CLASSES;
}

function classCounts(labels: Int32Array): number[] {
  const counts: number[] = [];
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return Array.from(counts, (count) => count ?? 0);
}

/**
 * The prepared blocks of every album and their Gram matrices, computed once
 * and shared by every fit of a cross-validation (a fit on a subset needs only
 * the rows and columns of that subset).
 */
export class InputBlocks {
  readonly count: number;
  /** Per input kind: count × dim prepared rows. */
  readonly rows: Float64Array[];
  readonly grams: Float64Array[];

  constructor(
    readonly inputs: readonly InputKind[],
    /** vectors[b][i]: album i's vector of input kind b. */
    vectors: readonly (readonly ArrayLike<number>[])[],
  ) {
    this.count = vectors[0]?.length ?? 0;
    this.rows = inputs.map((input, b) => {
      const rows = new Float64Array(this.count * input.dim);
      for (let i = 0; i < this.count; i++) prepareInput(vectors[b][i], rows, i * input.dim);
      return rows;
    });
    this.grams = inputs.map((input, b) => gramMatrix(this.rows[b], this.count, input.dim));
  }

  get width(): number {
    return this.inputs.reduce((sum, input) => sum + input.dim, 0);
  }
}

/**
 * Fits on the albums `train` (indices into blocks) with class ids `labels`
 * (per album, over all albums). Labels with fewer than MIN_CLASS_ALBUMS
 * albums in `train` are left out of the fit.
 */
export function fitProjection(
  blocks: InputBlocks,
  train: readonly number[],
  labels: Int32Array,
  classNames: readonly string[],
  shrinkage: number,
): LearnedProjection {
  const counts = new Map<number, number>();
  for (const i of train) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  const kept = [...counts.entries()].filter(([, count]) => count >= MIN_CLASS_ALBUMS).map(([label]) => label).sort((a, b) => a - b);
  if (kept.length < MIN_CLASSES) throw new RangeError(`too few labels with ${MIN_CLASS_ALBUMS} or more albums to fit`);
  const classOf = new Map(kept.map((label, c) => [label, c]));
  const members = train.filter((i) => classOf.has(labels[i]));
  const n = members.length;
  const fitLabels = Int32Array.from(members, (i) => classOf.get(labels[i])!);

  // Per block: the training mean m_b and RMS spread s_b, from the Gram matrix:
  // s_b² = mean |u|² − |m_b|².
  const width = blocks.width;
  const center = new Float64Array(width);
  const spread: number[] = [];
  let offset = 0;
  blocks.inputs.forEach((input, b) => {
    const gram = blocks.grams[b];
    const rows = blocks.rows[b];
    let squared = 0;
    let meanSquared = 0;
    for (const i of members) {
      squared += gram[i * blocks.count + i];
      for (const j of members) meanSquared += gram[i * blocks.count + j];
      for (let k = 0; k < input.dim; k++) center[offset + k] += rows[i * input.dim + k] / n;
    }
    const variance = squared / n - meanSquared / (n * n);
    spread.push(variance > 0 ? Math.sqrt(variance) : 1);
    offset += input.dim;
  });

  // Rows of the fit, each block divided by its spread (centring is not needed: LDA ignores a common shift).
  const x = new Float64Array(n * width);
  const gram = new Float64Array(n * n);
  offset = 0;
  blocks.inputs.forEach((input, b) => {
    const inverse = 1 / spread[b];
    const blockGram = blocks.grams[b];
    const weight = inverse * inverse;
    members.forEach((i, r) => {
      for (let k = 0; k < input.dim; k++) x[r * width + offset + k] = blocks.rows[b][i * input.dim + k] * inverse;
      members.forEach((j, c) => {
        gram[r * n + c] += weight * blockGram[i * blocks.count + j];
      });
    });
    offset += input.dim;
  });

  const fit = fitShrunkLda(x, n, width, fitLabels, kept.length, gram, shrinkage, MAX_LEARNED_DIM);
  // Fold the block scaling and the √ratio weighting into one matrix.
  const projection = new Float32Array(width * fit.dim);
  offset = 0;
  blocks.inputs.forEach((input, b) => {
    for (let k = 0; k < input.dim; k++) {
      const t = offset + k;
      for (let e = 0; e < fit.dim; e++) {
        projection[t * fit.dim + e] = (fit.projection[t * fit.dim + e] * Math.sqrt(fit.ratios[e])) / spread[b];
      }
    }
    offset += input.dim;
  });
  return {
    inputs: blocks.inputs,
    classes: kept.map((label) => classNames[label]),
    shrinkage,
    dim: fit.dim,
    center: Float32Array.from(center),
    projection,
  };
}

/** Unit rows of the learned vectors of albums `ids`. */
export function projectAlbums(model: LearnedProjection, blocks: InputBlocks, ids: readonly number[]): Embedding {
  const { dim } = model;
  const rows = new Float32Array(ids.length * dim);
  const out = new Float64Array(dim);
  ids.forEach((i, r) => {
    out.fill(0);
    let offset = 0;
    blocks.inputs.forEach((input, b) => {
      const source = blocks.rows[b];
      for (let k = 0; k < input.dim; k++) {
        const t = offset + k;
        const value = source[i * input.dim + k] - model.center[t];
        for (let e = 0; e < dim; e++) out[e] += value * model.projection[t * dim + e];
      }
      offset += input.dim;
    });
    let norm = 0;
    for (let e = 0; e < dim; e++) norm += out[e] * out[e];
    const inverse = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let e = 0; e < dim; e++) rows[r * dim + e] = out[e] * inverse;
  });
  return { count: ids.length, dim, rows };
}

export interface HeldOutScore {
  readonly auc: number;
  readonly aucWithoutDuplicates: number;
  readonly precisionAt10: number;
  readonly precisionAt10WithoutDuplicates: number;
  readonly positives: number;
  readonly negatives: number;
}

/** Scores a model on held-out albums: pairs and neighbours among `ids` only. */
function scoreHeldOut(model: LearnedProjection, blocks: InputBlocks, ids: readonly number[], labels: Int32Array, groups: Int32Array, seed: number): HeldOutScore {
  const embedding = projectAlbums(model, blocks, ids);
  const heldLabels = Int32Array.from(ids, (i) => labels[i]);
  const heldGroups = Int32Array.from(ids, (i) => groups[i]);
  const matrix = similarityMatrix(embedding);
  const auc = similarityAuc(embedding, heldLabels, heldGroups, albumPairs(ids.length, undefined, seed), matrix);
  const precision = precisionAtK(embedding, heldLabels, heldGroups, queryAlbums(ids.length, undefined, seed), matrix);
  return { ...auc, ...precision };
}

/** The shrinkage with the best mean held-out AUC over a grouped k-fold split of `albums`. */
export function chooseShrinkage(
  blocks: InputBlocks,
  albums: readonly number[],
  labels: Int32Array,
  classNames: readonly string[],
  groups: Int32Array,
  folds: number,
  seed: number,
): number {
  const fold = groupedFolds(Int32Array.from(albums, (i) => labels[i]), Int32Array.from(albums, (i) => groups[i]), folds, seed);
  let best: number = SHRINKAGE_GRID[0];
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const shrinkage of SHRINKAGE_GRID) {
    let total = 0;
    let counted = 0;
    for (let f = 0; f < folds; f++) {
      const train = albums.filter((_, r) => fold[r] !== f);
      const test = albums.filter((_, r) => fold[r] === f);
      if (!fittable(Int32Array.from(train, (i) => labels[i]))) continue;
      const model = fitProjection(blocks, train, labels, classNames, shrinkage);
      const score = scoreHeldOut(model, blocks, test, labels, groups, seed).auc;
      if (Number.isNaN(score)) continue;
      total += score;
      counted++;
    }
    const mean = counted > 0 ? total / counted : Number.NEGATIVE_INFINITY;
    if (mean > bestScore) {
      bestScore = mean;
      best = shrinkage;
    }
  }
  return best;
}

export interface CrossValidation extends HeldOutScore {
  readonly folds: number;
  /** Held-out albums against the fold's training albums, projected by the same model (see crossScores). */
  readonly aucAgainstTraining: number;
  readonly precisionAt10AgainstTraining: number;
  /** AUC of each fold scored, to show the spread. */
  readonly foldAuc: readonly number[];
  readonly shrinkages: readonly number[];
  readonly albums: number;
  readonly dim: number;
}

/**
 * `learned` under k-fold cross-validation: for each fold, a model fitted on
 * the other folds (shrinkage chosen by an inner cross-validation on them
 * only) scores the pairs and neighbours among the held-out albums. Folds are
 * by album, stratified by label, and never split a near-duplicate group.
 * Figures are the means over the folds scored; a fold whose training albums
 * are too few to learn from is skipped, and null means none could be scored.
 */
export function crossValidateLearned(
  blocks: InputBlocks,
  labels: Int32Array,
  classNames: readonly string[],
  groups: Int32Array,
  folds: number,
  seed: number,
): CrossValidation | null {
  const fold = groupedFolds(labels, groups, folds, seed);
  const scores: HeldOutScore[] = [];
  const against: { auc: number; precisionAt10: number }[] = [];
  const shrinkages: number[] = [];
  let dim = 0;
  for (let f = 0; f < folds; f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < labels.length; i++) (fold[i] === f ? test : train).push(i);
    // A label just above the minimum can fall below it once a fold is held out.
    if (!fittable(Int32Array.from(train, (i) => labels[i]))) continue;
    const shrinkage = chooseShrinkage(blocks, train, labels, classNames, groups, INNER_FOLDS, seed);
    const model = fitProjection(blocks, train, labels, classNames, shrinkage);
    dim = model.dim;
    shrinkages.push(shrinkage);
    scores.push(scoreHeldOut(model, blocks, test, labels, groups, seed));
    against.push(
      crossScores(
        projectAlbums(model, blocks, test),
        Int32Array.from(test, (i) => labels[i]),
        projectAlbums(model, blocks, train),
        Int32Array.from(train, (i) => labels[i]),
      ),
    );
  }
  if (scores.length === 0) return null;
  const mean = (pick: (score: HeldOutScore) => number): number => scores.reduce((sum, score) => sum + pick(score), 0) / scores.length;
  return {
    folds,
    foldAuc: scores.map((score) => score.auc),
    shrinkages,
    albums: labels.length,
    dim,
    aucAgainstTraining: against.reduce((sum, score) => sum + score.auc, 0) / against.length,
    precisionAt10AgainstTraining: against.reduce((sum, score) => sum + score.precisionAt10, 0) / against.length,
    auc: mean((score) => score.auc),
    aucWithoutDuplicates: mean((score) => score.aucWithoutDuplicates),
    precisionAt10: mean((score) => score.precisionAt10),
    precisionAt10WithoutDuplicates: mean((score) => score.precisionAt10WithoutDuplicates),
    positives: scores.reduce((sum, score) => sum + score.positives, 0),
    negatives: scores.reduce((sum, score) => sum + score.negatives, 0),
  };
}

/** The model `sleeve learn` stores: shrinkage by cross-validation over all labelled albums, then fitted on all of them. */
export function fitLearned(
  blocks: InputBlocks,
  labels: Int32Array,
  classNames: readonly string[],
  groups: Int32Array,
  folds: number,
  seed: number,
): LearnedProjection {
  const all = Array.from({ length: labels.length }, (_, i) => i);
  const shrinkage = chooseShrinkage(blocks, all, labels, classNames, groups, folds, seed);
  return fitProjection(blocks, all, labels, classNames, shrinkage);
}
