/**
 * "Does it look like it sounds?" on a labelled folder of covers:
 *
 *   npx tsx bench/eval.ts DIR [--labels DIR/labels.csv] [--label genre] [--threads N] [--seed 1]
 *
 * e.g. `npx tsx bench/eval.ts ../shared/data/covers-dev`. Describes every
 * listed image with the worker pool (as a scan does), then prints, for every
 * descriptor kind, every pair of kinds half and half, all kinds at equal
 * weight and `learned` under 5-fold cross-validation: AUC of "cover
 * similarity predicts a shared label" over all image pairs, the same without
 * near-duplicate covers, precision@10 (with and without), and the seconds
 * each took. Figures are printed, never asserted. The folder is read, never
 * copied.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DESCRIPTOR_KINDS } from '../src/main/artwork/kinds.js';
import { ArtworkPool } from '../src/main/artwork/pool.js';
import { evaluate } from '../src/main/eval/evaluate.js';
import { folderDataset } from '../src/main/eval/folder.js';
import { LEARNED_KIND } from '../src/main/eval/learned.js';
import { usefulMixes } from '../src/main/eval/mixes.js';
import { bestKind, formatTable } from '../src/main/eval/report.js';

/** The goals of issue 6 on covers-dev. */
const GOAL_LEARNED = 0.55;
const GOAL_RAW = 0.52;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    labels: { type: 'string' },
    label: { type: 'string', default: 'genre' },
    threads: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: npx tsx bench/eval.ts DIR [--labels CSV] [--label genre] [--threads N] [--seed 1]\n');
  process.exit(2);
}
const dir = positionals[0];
const csv = await readFile(values.labels ?? join(dir, 'labels.csv'), 'utf8');
const pool = new ArtworkPool({ threads: values.threads === undefined ? undefined : Number(values.threads) });

const describeStart = performance.now();
const dataset = await folderDataset(
  dir,
  csv,
  values.label,
  DESCRIPTOR_KINDS.map((kind) => kind.name),
  pool,
);
await pool.close();
const describeSeconds = (performance.now() - describeStart) / 1000;
process.stdout.write(
  `Described ${dataset.items.length} images in ${describeSeconds.toFixed(1)} s with ${pool.threads} threads ` +
    `(${(dataset.items.length / describeSeconds).toFixed(1)} images/s; kinds ${DESCRIPTOR_KINDS.map((k) => `${k.name} v${k.version} at ${k.canonicalSize}²`).join(', ')}); ` +
    `${dataset.missing.length} missing, ${dataset.unreadable.length} unreadable.\n\n`,
);

const timings = new Map<string, number>();
const names = DESCRIPTOR_KINDS.map((kind) => kind.name);
const report = evaluate({
  items: dataset.items,
  kinds: DESCRIPTOR_KINDS,
  mixes: usefulMixes(names, null),
  learned: true,
  seed: Number(values.seed),
  onTiming: (name, milliseconds) => timings.set(name, milliseconds),
});
process.stdout.write(formatTable(report, values.label, `in ${dir}`, timings));
process.stdout.write(`near-duplicate grouping: ${((timings.get('near-duplicates') ?? 0) / 1000).toFixed(1)} s\n`);

const raw = bestKind(report, { learned: false });
const learned = report.kinds[LEARNED_KIND];
process.stdout.write(
  `\nGoals: best raw kind ≥ ${GOAL_RAW}: ${raw ? `${raw[0]} ${raw[1].auc.toFixed(3)} (${raw[1].auc >= GOAL_RAW ? 'met' : 'not met'})` : 'n/a'}; ` +
    `learned ≥ ${GOAL_LEARNED} under CV: ${learned ? `${learned.auc.toFixed(3)} (${learned.auc >= GOAL_LEARNED ? 'met' : 'not met'})` : `n/a (${report.learnedUnavailable})`}.\n`,
);
