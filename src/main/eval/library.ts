import { countVectors, loadVectors } from '../index/vectors.js';
import type { Db } from '../store/db.js';
import { nearDuplicateGroupsOf, type EvalItem } from './evaluate.js';
import { FOLDS } from './folds.js';
import { InputBlocks, LEARNED_KIND, learnability, fitLearned, MAX_FIT_ALBUMS, type InputKind } from './learned.js';
import { saveLearnedModel, loadLearnedModel, writeLearnedVectors } from '../index/learned-vectors.js';
import { libraryLabels, type LabelName } from './labels.js';
import { mulberry32, sampleIndices } from '../../shared/random.js';

export interface LibraryDataset {
  /** Labelled albums with at least one current descriptor. */
  readonly items: readonly EvalItem[];
  readonly albumIds: readonly number[];
  /** Albums with a cover but no such label. */
  readonly unlabelled: number;
  /** Kinds with at least one current vector, in registry order (never `learned`). */
  readonly kinds: readonly InputKind[];
}

/** The library's labelled albums and their current descriptor vectors (`current`: the registry's kinds). */
export function libraryDataset(db: Db, label: LabelName, current: readonly InputKind[]): LibraryDataset {
  const kinds = current.filter((kind) => kind.name !== LEARNED_KIND && countVectors(db, kind) > 0);
  const { albums, unlabelled } = libraryLabels(db, label);
  const byArtwork = kinds.map((kind) => {
    const loaded = loadVectors(db, kind);
    const rowOf = new Map<number, number>();
    loaded.ids.forEach((id, row) => rowOf.set(id, row));
    return { kind, loaded, rowOf };
  });
  const items: EvalItem[] = [];
  const albumIds: number[] = [];
  let undescribed = 0;
  for (const album of albums) {
    const vectors = new Map<string, Float32Array>();
    for (const { kind, loaded, rowOf } of byArtwork) {
      const row = rowOf.get(album.artworkId);
      if (row !== undefined) vectors.set(kind.name, loaded.vectors.subarray(row * kind.dim, (row + 1) * kind.dim));
    }
    if (vectors.size === 0) {
      undescribed++;
      continue;
    }
    items.push({ label: album.label, artworkKey: album.artworkId, vectors });
    albumIds.push(album.albumId);
  }
  return { items, albumIds, unlabelled: unlabelled + undescribed, kinds };
}

export interface LearnOutcome {
  readonly version: number;
  readonly dim: number;
  readonly classes: readonly string[];
  readonly albums: number;
  readonly inputs: readonly InputKind[];
  readonly shrinkage: number;
  /** Artworks that got a learned vector. */
  readonly written: number;
}

/** Thrown when the library's labels are too few to learn from. */
export class NotLearnableError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'NotLearnableError';
  }
}

/**
 * `sleeve learn`: fits the learned kind on every labelled album that has all
 * the input kinds (a seeded sample of MAX_FIT_ALBUMS when there are more),
 * stores the model as the next version, and writes learned vectors for every
 * artwork that has the input kinds.
 */
export function learnFromLibrary(db: Db, label: LabelName, current: readonly InputKind[], seed = 1): LearnOutcome {
  const dataset = libraryDataset(db, label, current);
  const inputs = dataset.kinds;
  if (inputs.length === 0) throw new NotLearnableError('no cover has a descriptor yet: scan the library first');
  let rows = dataset.items.flatMap((item, i) => (inputs.every((kind) => item.vectors.has(kind.name)) ? [i] : []));
  if (rows.length > MAX_FIT_ALBUMS) rows = sampleIndices(rows.length, MAX_FIT_ALBUMS, mulberry32(seed)).map((r) => rows[r]);
  const items = rows.map((i) => dataset.items[i]);
  const classNames = [...new Set(items.map((item) => item.label))].sort();
  const labels = Int32Array.from(items, (item) => classNames.indexOf(item.label));
  const ready = learnability(labels);
  if (!ready.ok) throw new NotLearnableError(ready.reason);

  const blocks = new InputBlocks(inputs, inputs.map((kind) => items.map((item) => item.vectors.get(kind.name)!)));
  const groups = nearDuplicateGroupsOf(items, inputs);
  const model = fitLearned(blocks, labels, classNames, groups, FOLDS, seed);
  const version = saveLearnedModel(db, model, label, rows.map((i) => dataset.albumIds[i]));
  const written = writeLearnedVectors(db, loadLearnedModel(db)!);
  return { version, dim: model.dim, classes: model.classes, albums: items.length, inputs, shrinkage: model.shrinkage, written };
}
