import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DESCRIPTOR_KINDS } from '../../artwork/kinds.js';
import { ArtworkPool } from '../../artwork/pool.js';
import { evaluate, type EvalItem, type EvalReport } from '../../eval/evaluate.js';
import { folderDataset, LabelledFolderError } from '../../eval/folder.js';
import { isLabelName, LABEL_NAMES } from '../../eval/labels.js';
import type { InputKind } from '../../eval/learned.js';
import { libraryDataset } from '../../eval/library.js';
import { savedMix, usefulMixes } from '../../eval/mixes.js';
import { formatTable, reading } from '../../eval/report.js';
import { PlaylistError } from '../../playlists/errors.js';
import { parseKindMix, type KindWeight } from '../../../shared/mix.js';
import { openLibrary, UsageError, type CliContext, type Command } from '../context.js';

/**
 * `sleeve eval [--label genre|artist|decade] [--json]`: how well cover
 * similarity predicts a shared label over the library's albums;
 * `sleeve eval --images DIR [--labels CSV]`: the same on a labelled folder.
 */
export const evalCommand: Command = async (args, ctx) => {
  const { values } = parseArgs({
    args,
    options: {
      label: { type: 'string', default: 'genre' },
      images: { type: 'string' },
      labels: { type: 'string' },
      mix: { type: 'string', multiple: true, default: [] },
      'no-learned': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      threads: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a whole number (got "${values.seed}")`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && (!Number.isInteger(threads) || threads < 1)) {
    throw new UsageError(`--threads must be a whole number of at least 1 (got "${values.threads}")`);
  }
  if (values.labels !== undefined && values.images === undefined) throw new UsageError('--labels goes with --images DIR');
  const label = values.label;

  let source: Source;
  if (values.images !== undefined) {
    source = await imagesSource(ctx, values.images, values.labels ?? join(values.images, 'labels.csv'), label, threads);
  } else {
    if (!isLabelName(label)) throw new UsageError(`--label must be one of ${LABEL_NAMES.join(', ')} (got "${label}")`);
    source = librarySource(ctx, label);
  }
  if (source.kinds.length === 0) {
    throw new UsageError(
      source.where === 'here' ? 'no cover has a descriptor yet: run `sleeve scan` first' : 'no descriptor could be computed for these images',
      1,
    );
  }

  const names = source.kinds.map((kind) => kind.name);
  let extra: KindWeight[][];
  try {
    extra = values.mix.map((spec) => parseKindMix(spec, names));
  } catch (error) {
    if (error instanceof PlaylistError) throw new UsageError(error.message.replace('--kind', '--mix'));
    throw error;
  }
  const report = evaluate({
    items: source.items,
    kinds: source.kinds,
    mixes: [...usefulMixes(names, source.saved), ...extra],
    learned: !values['no-learned'],
    seed,
  });
  const sentence = reading(report, label, source.where);
  if (values.json) {
    ctx.stdout(`${JSON.stringify(jsonReport(report, label, source, sentence))}\n`);
  } else {
    if (source.notes.length > 0) ctx.stdout(`${source.notes.join('\n')}\n`);
    ctx.stdout(formatTable(report, label, source.where));
  }
  return 0;
};

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

function librarySource(ctx: CliContext, label: (typeof LABEL_NAMES)[number]): Source {
  const db = openLibrary(ctx);
  try {
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
  } finally {
    db.close();
  }
}

async function imagesSource(ctx: CliContext, dir: string, csvPath: string, label: string, threads: number | undefined): Promise<Source> {
  let csv: string;
  try {
    csv = await readFile(csvPath, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${csvPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, 1);
  }
  const pool = new ArtworkPool({ threads });
  const draw = ctx.interactive;
  try {
    const dataset = await folderDataset(
      dir,
      csv,
      label,
      DESCRIPTOR_KINDS.map((kind) => kind.name),
      pool,
      draw ? (done, total) => ctx.stderr(`\r\x1b[2KDescribing images ${done}/${total}`) : undefined,
    );
    if (draw) ctx.stderr('\n');
    const notes: string[] = [];
    if (dataset.missing.length > 0) notes.push(`${dataset.missing.length} listed files are missing (first: ${dataset.missing[0]}).`);
    if (dataset.unreadable.length > 0) {
      notes.push(`${dataset.unreadable.length} files could not be read (first: ${dataset.unreadable[0].file}: ${dataset.unreadable[0].reason}).`);
    }
    if (dataset.unlabelled > 0) notes.push(`${dataset.unlabelled} rows without a file or a ${label} are left out.`);
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
    if (error instanceof LabelledFolderError) throw new UsageError(error.message, 1);
    throw error;
  } finally {
    await pool.close();
  }
}

function jsonReport(report: EvalReport, label: string, source: Source, sentence: string): object {
  const kinds = Object.fromEntries(
    Object.entries(report.kinds).map(([name, score]) => [
      name,
      {
        auc: finite(score.auc),
        aucWithoutDuplicates: finite(score.aucWithoutDuplicates),
        precisionAt10: finite(score.precisionAt10),
        precisionAt10WithoutDuplicates: finite(score.precisionAt10WithoutDuplicates),
        albums: score.albums,
        positives: score.positives,
        negatives: score.negatives,
        sampledPairs: score.sampledPairs,
        ...(score.crossValidated ? { crossValidated: score.crossValidated } : {}),
      },
    ]),
  );
  return {
    source: source.kind,
    label,
    labelled: report.labelled,
    unlabelled: source.unlabelled,
    classes: report.classes,
    duplicates: report.duplicates,
    kinds,
    learned: { offered: report.kinds.learned !== undefined, reason: report.learnedUnavailable },
    ...(source.kind === 'images' ? { missing: source.missing, unreadable: source.unreadable } : {}),
    reading: sentence,
  };
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
