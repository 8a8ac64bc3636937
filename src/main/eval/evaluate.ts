import { formatKindMix, type KindWeight } from '../../shared/mix.js';
import { albumPairs, precisionAtK, queryAlbums, similarityAuc, similarityMatrix, type Embedding } from './auc.js';
import { DUPLICATE_RULES, duplicatedAlbums, nearDuplicateGroups, type DuplicateCriterion } from './duplicates.js';
import { FOLDS } from './folds.js';
import {
  crossValidateLearned,
  InputBlocks,
  LEARNED_KIND,
  learnability,
  MAX_FIT_ALBUMS,
  type InputKind,
} from './learned.js';
import { mulberry32, sampleIndices } from '../../shared/random.js';

/** One labelled cover: an album of the library, or an image of a labelled folder. */
export interface EvalItem {
  readonly label: string;
  /** Items with the same key have the very same picture. */
  readonly artworkKey: string | number;
  readonly vectors: ReadonlyMap<string, ArrayLike<number>>;
}

export interface EvalRequest {
  readonly items: readonly EvalItem[];
  /** The descriptor kinds to score one by one (and to learn from). */
  readonly kinds: readonly InputKind[];
  /** Mixes of those kinds to score (weights summing to 1). */
  readonly mixes: readonly (readonly KindWeight[])[];
  /** Score `learned` under cross-validation (when there are enough labels). */
  readonly learned: boolean;
  readonly folds?: number;
  readonly seed?: number;
  /** Told how long each measurement took (for benchmarks; not part of the report, which is deterministic). */
  readonly onTiming?: (name: string, milliseconds: number) => void;
}

export interface KindScore {
  readonly auc: number;
  readonly aucWithoutDuplicates: number;
  readonly precisionAt10: number;
  readonly precisionAt10WithoutDuplicates: number;
  /** Labelled albums that have this kind (every kind of a mix). */
  readonly albums: number;
  readonly positives: number;
  readonly negatives: number;
  /** True when AUC rests on a seeded sample of pairs rather than all of them. */
  readonly sampledPairs: boolean;
  /** Set for `learned`: the figures are means over held-out folds. */
  readonly crossValidated?: {
    readonly folds: number;
    readonly foldAuc: readonly number[];
    /**
     * Held-out albums against the albums the fold's model was fitted on (a new
     * album looking for its neighbours in a learned library). Lenient: the
     * fitted albums' own labels placed them.
     */
    readonly aucAgainstTraining: number;
    readonly precisionAt10AgainstTraining: number;
    readonly shrinkages: readonly number[];
    readonly dim: number;
    readonly inputs: readonly string[];
  };
}

export interface EvalReport {
  readonly labelled: number;
  readonly classes: number;
  readonly duplicates: { readonly albums: number; readonly rule: string };
  readonly kinds: Readonly<Record<string, KindScore>>;
  /** Why `learned` is missing from kinds, when it is. */
  readonly learnedUnavailable: string | null;
}

const DEFAULT_SEED = 1;

/**
 * Scores every kind and mix: AUC of "cover similarity predicts a shared
 * label" over album pairs, and precision@10, each also without
 * near-duplicate covers; then `learned` under k-fold cross-validation.
 */
export function evaluate(request: EvalRequest): EvalReport {
  const { items, kinds } = request;
  const seed = request.seed ?? DEFAULT_SEED;
  const folds = request.folds ?? FOLDS;
  const time = <T>(name: string, fn: () => T): T => {
    const start = performance.now();
    const result = fn();
    request.onTiming?.(name, performance.now() - start);
    return result;
  };
  const classNames = [...new Set(items.map((item) => item.label))].sort();
  const classOf = new Map(classNames.map((name, c) => [name, c]));
  const labels = Int32Array.from(items, (item) => classOf.get(item.label)!);
  const groups = time('near-duplicates', () => nearDuplicateGroupsOf(items, kinds));

  const scores: Record<string, KindScore> = {};
  for (const kind of kinds) {
    scores[kind.name] = time(kind.name, () => scoreSpace(items, labels, groups, [{ name: kind.name, weight: 1 }], kinds, seed));
  }
  for (const mix of request.mixes) {
    const name = formatKindMix(mix);
    if (name in scores) continue;
    scores[name] = time(name, () => scoreSpace(items, labels, groups, mix, kinds, seed));
  }

  let learnedUnavailable: string | null = null;
  if (request.learned) {
    const outcome = time(LEARNED_KIND, () => crossValidated(items, labels, classNames, groups, kinds, folds, seed));
    if (typeof outcome === 'string') learnedUnavailable = outcome;
    else scores[LEARNED_KIND] = outcome;
  } else {
    learnedUnavailable = 'not requested';
  }
  return {
    labelled: items.length,
    classes: classNames.length,
    duplicates: { albums: duplicatedAlbums(groups), rule: duplicateRuleText(kinds) },
    kinds: scores,
    learnedUnavailable,
  };
}

/** Indices of the items that have every named kind. */
function itemsWith(items: readonly EvalItem[], names: readonly string[]): number[] {
  const out: number[] = [];
  items.forEach((item, i) => {
    if (names.every((name) => item.vectors.has(name))) out.push(i);
  });
  return out;
}

/** Rows √w_k·u_k/|u_k| concatenated over the mix: their dot product is Σ_k w_k cos_k (as in playlists/cover-space.ts). */
export function mixEmbedding(
  items: readonly EvalItem[],
  ids: readonly number[],
  mix: readonly KindWeight[],
  kinds: readonly InputKind[],
): Embedding {
  const dims = mix.map((part) => kinds.find((kind) => kind.name === part.name)!.dim);
  const dim = dims.reduce((a, b) => a + b, 0);
  const rows = new Float32Array(ids.length * dim);
  ids.forEach((i, r) => {
    let offset = r * dim;
    mix.forEach((part, p) => {
      const vector = items[i].vectors.get(part.name);
      if (vector) writeScaledUnit(vector, dims[p], part.weight, rows, offset);
      offset += dims[p];
    });
  });
  return { count: ids.length, dim, rows };
}

/** vector·√weight/|vector| written at rows[offset...] (a zero vector stays zero). */
function writeScaledUnit(vector: ArrayLike<number>, dim: number, weight: number, rows: Float32Array, offset: number): void {
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += vector[k] * vector[k];
  const scale = norm > 0 ? Math.sqrt(weight / norm) : 0;
  for (let k = 0; k < dim; k++) rows[offset + k] = vector[k] * scale;
}

function scoreSpace(
  items: readonly EvalItem[],
  labels: Int32Array,
  groups: Int32Array,
  mix: readonly KindWeight[],
  kinds: readonly InputKind[],
  seed: number,
): KindScore {
  const ids = itemsWith(items, mix.map((part) => part.name));
  const embedding = mixEmbedding(items, ids, mix, kinds);
  const subLabels = Int32Array.from(ids, (i) => labels[i]);
  const subGroups = Int32Array.from(ids, (i) => groups[i]);
  const pairs = albumPairs(ids.length, undefined, seed);
  const matrix = similarityMatrix(embedding);
  const auc = similarityAuc(embedding, subLabels, subGroups, pairs, matrix);
  const precision = precisionAtK(embedding, subLabels, subGroups, queryAlbums(ids.length, undefined, seed), matrix);
  return {
    auc: auc.auc,
    aucWithoutDuplicates: auc.aucWithoutDuplicates,
    precisionAt10: precision.precisionAt10,
    precisionAt10WithoutDuplicates: precision.precisionAt10WithoutDuplicates,
    albums: ids.length,
    positives: auc.positives,
    negatives: auc.negatives,
    sampledPairs: pairs.sampled,
  };
}

/** Near-duplicate groups over all items (see duplicates.ts for the rule); an item without a kind is linked by artwork only. */
export function nearDuplicateGroupsOf(items: readonly EvalItem[], kinds: readonly InputKind[]): Int32Array {
  const all = items.map((_, i) => i);
  const criterion = (name: string, threshold: number): DuplicateCriterion => ({
    embedding: mixEmbedding(items, all, [{ name, weight: 1 }], kinds),
    threshold,
  });
  const has = (name: string): boolean => kinds.some((kind) => kind.name === name);
  const criteria: DuplicateCriterion[] = [];
  if (has('tiny') && has('gist')) {
    criteria.push(criterion('tiny', DUPLICATE_RULES.withGist.tiny), criterion('gist', DUPLICATE_RULES.withGist.gist));
  } else if (has('tiny')) {
    criteria.push(criterion('tiny', DUPLICATE_RULES.tinyOnly.tiny));
  }
  return nearDuplicateGroups(items.length, { artworkKeys: items.map((item) => item.artworkKey), criteria });
}

function duplicateRuleText(kinds: readonly InputKind[]): string {
  const has = (name: string): boolean => kinds.some((kind) => kind.name === name);
  const same = 'identical artwork';
  if (has('tiny') && has('gist')) {
    return `${same}, or tiny cosine ≥ ${DUPLICATE_RULES.withGist.tiny} and gist cosine ≥ ${DUPLICATE_RULES.withGist.gist}`;
  }
  if (has('tiny')) return `${same}, or tiny cosine ≥ ${DUPLICATE_RULES.tinyOnly.tiny}`;
  return same;
}

/** `learned` under cross-validation, or why it cannot be scored. */
function crossValidated(
  items: readonly EvalItem[],
  labels: Int32Array,
  classNames: readonly string[],
  groups: Int32Array,
  kinds: readonly InputKind[],
  folds: number,
  seed: number,
): KindScore | string {
  const inputs = kinds.filter((kind) => kind.name !== LEARNED_KIND);
  if (inputs.length === 0) return 'no descriptor kind to learn from';
  let ids = itemsWith(items, inputs.map((kind) => kind.name));
  if (ids.length > MAX_FIT_ALBUMS) ids = sampleIndices(ids.length, MAX_FIT_ALBUMS, mulberry32(seed)).map((r) => ids[r]);
  const subLabels = Int32Array.from(ids, (i) => labels[i]);
  const ready = learnability(subLabels);
  if (!ready.ok) return ready.reason;
  const blocks = new InputBlocks(
    inputs,
    inputs.map((kind) => ids.map((i) => items[i].vectors.get(kind.name)!)),
  );
  const cv = crossValidateLearned(blocks, subLabels, classNames, Int32Array.from(ids, (i) => groups[i]), folds, seed);
  if (!cv) return `too few albums per label to hold out one fold in ${folds} and still learn from the rest`;
  return {
    auc: cv.auc,
    aucWithoutDuplicates: cv.aucWithoutDuplicates,
    precisionAt10: cv.precisionAt10,
    precisionAt10WithoutDuplicates: cv.precisionAt10WithoutDuplicates,
    albums: ids.length,
    positives: cv.positives,
    negatives: cv.negatives,
    sampledPairs: false,
    crossValidated: {
      folds: cv.folds,
      foldAuc: cv.foldAuc,
      aucAgainstTraining: cv.aucAgainstTraining,
      precisionAt10AgainstTraining: cv.precisionAt10AgainstTraining,
      shrinkages: cv.shrinkages,
      dim: cv.dim,
      inputs: inputs.map((kind) => kind.name),
    },
  };
}
