import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DescriptorMix, EvalResult } from '../../shared/api-entities.js';
import { SleeveError } from '../../shared/errors.js';
import { parseKindMix, type KindWeight } from '../../shared/mix.js';
import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { ArtworkPool } from '../artwork/pool.js';
import { evaluate, type EvalItem, type EvalReport } from '../eval/evaluate.js';
import { folderDataset, LabelledFolderError } from '../eval/folder.js';
import { isLabelName, LABEL_NAMES } from '../eval/labels.js';
import type { InputKind } from '../eval/learned.js';
import { libraryDataset } from '../eval/library.js';
import { savedMix, usefulMixes } from '../eval/mixes.js';
import { formatTable, reading } from '../eval/report.js';
import type { Db } from '../store/db.js';
import { finiteOrNull } from './insights-measure.js';

/** Where the labelled covers come from. */
interface Source {
  readonly kind: 'library' | 'images';
  readonly items: readonly EvalItem[];
  readonly kinds: readonly InputKind[];
  readonly unlabelled: number;
  readonly saved: KindWeight[] | null;
  /** "here" for the library, "in DIR" for a folder. */
  readonly where: string;
  readonly missing: readonly string[];
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  readonly notes: readonly string[];
}

export interface EvalRun {
  readonly label: string;
  readonly images?: { readonly dir: string; readonly labels?: string };
  readonly mixes: readonly DescriptorMix[];
  readonly learned: boolean;
  readonly seed: number;
  readonly threads?: number;
  /** Told how many images of a folder have been described. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** "Does it look like it sounds": every kind, the useful mixes and those asked for, and the learned kind under cross-validation. */
export async function runEval(db: Db, run: EvalRun): Promise<EvalResult> {
  const source = run.images ? await imagesSource(run) : librarySource(db, run.label);
  if (source.kinds.length === 0) {
    throw new SleeveError(
      'unavailable',
      source.kind === 'library' ? 'No cover has a descriptor yet: scan the library first.' : 'No descriptor could be computed for these images.',
    );
  }
  const names = source.kinds.map((kind) => kind.name);
  const extra = run.mixes.map((mix) =>
    parseKindMix(
      Object.entries(mix)
        .filter(([, weight]) => weight > 0)
        .map(([name, weight]) => `${name}:${weight}`)
        .join(','),
      names,
    ),
  );
  const report = evaluate({ items: source.items, kinds: source.kinds, mixes: [...usefulMixes(names, source.saved), ...extra], learned: run.learned, seed: run.seed });
  return toResult(report, run.label, source);
}

function librarySource(db: Db, label: string): Source {
  if (!isLabelName(label)) throw new SleeveError('bad_request', `On the library the label is one of ${LABEL_NAMES.join(', ')} (got "${label}").`);
  const dataset = libraryDataset(db, label, DESCRIPTOR_KINDS);
  return {
    kind: 'library',
    items: dataset.items,
    kinds: dataset.kinds,
    unlabelled: dataset.unlabelled,
    saved: savedMix(db),
    where: 'here',
    missing: [],
    unreadable: [],
    notes: dataset.unlabelled > 0 ? [`${dataset.unlabelled} albums without a ${label} (or without a described cover) are left out.`] : [],
  };
}

async function imagesSource(run: EvalRun): Promise<Source> {
  const { dir } = run.images as { dir: string; labels?: string };
  const csvPath = run.images?.labels ?? join(dir, 'labels.csv');
  let csv: string;
  try {
    csv = await readFile(csvPath, 'utf8');
  } catch (error) {
    throw new SleeveError('not_found', `Cannot read the labels file ${csvPath} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const pool = new ArtworkPool({ threads: run.threads });
  try {
    const dataset = await folderDataset(dir, csv, run.label, DESCRIPTOR_KINDS.map((kind) => kind.name), pool, run.onProgress);
    const notes: string[] = [];
    if (dataset.missing.length > 0) notes.push(`${dataset.missing.length} listed files are missing (first: ${dataset.missing[0]}).`);
    if (dataset.unreadable.length > 0) {
      notes.push(`${dataset.unreadable.length} files could not be read (first: ${dataset.unreadable[0].file}: ${dataset.unreadable[0].reason}).`);
    }
    if (dataset.unlabelled > 0) notes.push(`${dataset.unlabelled} rows without a file or a ${run.label} are left out.`);
    return {
      kind: 'images',
      items: dataset.items,
      kinds: DESCRIPTOR_KINDS.filter((kind) => dataset.items.some((item) => item.vectors.has(kind.name))),
      unlabelled: dataset.unlabelled,
      saved: null,
      where: `in ${dir}`,
      missing: dataset.missing,
      unreadable: dataset.unreadable,
      notes,
    };
  } catch (error) {
    if (error instanceof LabelledFolderError) throw new SleeveError('bad_request', error.message, { cause: error });
    throw error;
  } finally {
    await pool.close();
  }
}

function toResult(report: EvalReport, label: string, source: Source): EvalResult {
  return {
    source: source.kind,
    label,
    labelled: report.labelled,
    unlabelled: source.unlabelled,
    classes: report.classes,
    duplicates: report.duplicates,
    kinds: Object.entries(report.kinds).map(([kind, score]) => ({
      kind,
      auc: finiteOrNull(score.auc),
      aucWithoutDuplicates: finiteOrNull(score.aucWithoutDuplicates),
      precisionAt10: finiteOrNull(score.precisionAt10),
      precisionAt10WithoutDuplicates: finiteOrNull(score.precisionAt10WithoutDuplicates),
      albums: score.albums,
      positives: score.positives,
      negatives: score.negatives,
      sampledPairs: score.sampledPairs,
      crossValidated: score.crossValidated ? { ...score.crossValidated, foldAuc: [...score.crossValidated.foldAuc] } : null,
    })),
    learned: { offered: report.kinds.learned !== undefined, reason: report.learnedUnavailable },
    missing: [...source.missing],
    unreadable: [...source.unreadable],
    notes: [...source.notes],
    reading: reading(report, label, source.where),
    text: formatTable(report, label, source.where),
  };
}
