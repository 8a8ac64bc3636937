import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { ArtworkPool } from '../artwork/pool.js';
import { isKindName, type AnyKindName, type KindName } from '../artwork/kinds.js';
import { NeuralPool } from '../artwork/neural-pool.js';
import type { EvalItem } from './evaluate.js';
import { normaliseLabel } from './labels.js';

/** A problem with the labelled folder that stops the evaluation. */
export class LabelledFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LabelledFolderError';
  }
}

export interface LabelRow {
  readonly file: string;
  readonly label: string;
}

/**
 * Label columns a labels file may have when none is named, in order of
 * preference: `genre` (what the covers' music is) or `look` (what the
 * covers show, as in covers-dev's looks.csv).
 */
export const FOLDER_LABEL_COLUMNS = ['genre', 'look'] as const;

/**
 * Parses labels.csv (RFC 4180: a header row, commas, double-quoted fields
 * with "" for a quote): the `file` column and the label column (when none is
 * named, the first of FOLDER_LABEL_COLUMNS present); other columns are
 * ignored. Rows with an empty label are skipped (counted).
 */
export function parseLabelsCsv(text: string, labelColumn?: string): { rows: LabelRow[]; unlabelled: number; labelColumn: string } {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records.shift();
  if (!header) throw new LabelledFolderError('labels.csv is empty: it needs a header row such as "file,genre"');
  const names = header.map((name) => name.trim().toLowerCase());
  const fileAt = names.indexOf('file');
  const column = labelColumn ?? FOLDER_LABEL_COLUMNS.find((name) => names.includes(name)) ?? FOLDER_LABEL_COLUMNS.join('" or "');
  const labelAt = names.indexOf(column.toLowerCase());
  const missing = [fileAt < 0 ? 'file' : null, labelAt < 0 ? column : null].filter((name) => name !== null);
  if (missing.length > 0) {
    throw new LabelledFolderError(
      `labels.csv has no ${missing.map((name) => `"${name}"`).join(' or ')} column (its columns: ${header.join(', ') || 'none'})`,
    );
  }
  const rows: LabelRow[] = [];
  let unlabelled = 0;
  for (const record of records) {
    if (record.length === 1 && record[0].trim() === '') continue;
    const file = (record[fileAt] ?? '').trim();
    const label = normaliseLabel(record[labelAt] ?? '');
    if (file.length === 0 || label.length === 0) unlabelled++;
    else rows.push({ file, label });
  }
  return { rows, unlabelled, labelColumn: column };
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field.length > 0 || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

export interface FolderDataset {
  readonly items: readonly EvalItem[];
  readonly files: readonly string[];
  /** Listed files that do not exist (or are outside the folder). */
  readonly missing: readonly string[];
  /** Files that exist but could not be decoded, with the reason. */
  readonly unreadable: readonly { readonly file: string; readonly reason: string }[];
  /** Rows without a file name or a label. */
  readonly unlabelled: number;
  /** The column the labels came from. */
  readonly labelColumn: string;
}

/** Files read and described at once: enough to keep every worker busy without holding the whole folder in memory. */
const IN_FLIGHT_PER_THREAD = 4;

/**
 * Describes every labelled image of a folder with the worker pools, as a
 * scan and the background describing would (same decoding, same canonical
 * sizes; the neural kind in its own pool, made here unless one is given).
 * Missing and unreadable files are counted, not fatal; a set with no usable
 * image is. With no label column named, the first of FOLDER_LABEL_COLUMNS.
 */
export async function folderDataset(
  dir: string,
  csvText: string,
  labelColumn: string | undefined,
  kinds: readonly AnyKindName[],
  pool: ArtworkPool,
  onProgress?: (done: number, total: number) => void,
  neuralPool?: NeuralPool,
): Promise<FolderDataset> {
  const { rows, unlabelled, labelColumn: column } = parseLabelsCsv(csvText, labelColumn);
  if (rows.length === 0) throw new LabelledFolderError(`labels.csv lists no image with a ${column}`);
  const pixelKinds: KindName[] = kinds.filter(isKindName);
  const neural = kinds.includes('neural') ? (neuralPool ?? new NeuralPool({ threads: pool.threads })) : null;
  const ownNeural = neural !== null && neuralPool === undefined;
  const root = resolve(dir);
  const results: (EvalItem | null)[] = new Array(rows.length).fill(null);
  const missing: string[] = [];
  const unreadable: { file: string; reason: string }[] = [];
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < rows.length) {
      const index = next++;
      const { file, label } = rows[index];
      const path = resolve(root, file);
      let bytes: Buffer;
      try {
        if (path !== root && !path.startsWith(root + sep)) throw new Error('outside the folder');
        bytes = await readFile(path);
      } catch {
        missing.push(file);
        onProgress?.(++done, rows.length);
        continue;
      }
      const [result, neuralResult] = await Promise.all([
        pool.run({ bytes, kinds: pixelKinds, thumbnail: false }),
        neural === null ? null : neural.describe([bytes]).then((r) => r[0]),
      ]);
      if (result.ok && (neuralResult === null || neuralResult.ok)) {
        const vectors = new Map(result.vectors.map((v) => [v.kind as string, v.vector]));
        if (neuralResult !== null) vectors.set('neural', neuralResult.vector);
        results[index] = { label, artworkKey: createHash('sha256').update(bytes).digest('hex'), vectors };
      } else {
        unreadable.push({ file, reason: result.ok ? (neuralResult as { reason: string }).reason : result.reason });
      }
      onProgress?.(++done, rows.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: pool.threads * IN_FLIGHT_PER_THREAD }, worker));
  } finally {
    if (ownNeural) await neural.close();
  }
  const kept = results.flatMap((item, i) => (item ? [{ item, file: rows[i].file }] : []));
  if (kept.length === 0) {
    throw new LabelledFolderError(
      `no labelled image in ${dir} could be used (${missing.length} missing, ${unreadable.length} unreadable of ${rows.length})`,
    );
  }
  missing.sort();
  unreadable.sort((a, b) => a.file.localeCompare(b.file));
  return { items: kept.map(({ item }) => item), files: kept.map(({ file }) => file), missing, unreadable, unlabelled, labelColumn: column };
}
