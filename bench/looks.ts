/**
 * Do a kind's nearest covers look alike to a person? Reproduces the P@10
 * table of covers-dev's README from its looks.csv (300 covers labelled by
 * what they show: face, people, scene, art, graphic; `other` left out):
 * each cover's 10 nearest among the other labelled covers by cosine
 * similarity, P@10 the share with the same look, and the same-look AUC over
 * all pairs. Then the neural kind with test-time augmentation (the mean of
 * the picture's and its mirror image's unit vectors), and `sleeve eval`'s
 * own report on the same covers (mixes, and the learned projection under
 * 5-fold cross-validation, never scored on the covers it was fitted on).
 *
 *   npx tsx bench/looks.ts ../shared/data/covers-dev [--threads 2] [--seed 1]
 */

import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { DESCRIPTOR_KINDS } from '../src/main/artwork/kinds.js';
import { l2Normalise } from '../src/main/artwork/neural.js';
import { NeuralPool } from '../src/main/artwork/neural-pool.js';
import { ArtworkPool } from '../src/main/artwork/pool.js';
import { evaluate, type EvalItem } from '../src/main/eval/evaluate.js';
import { folderDataset } from '../src/main/eval/folder.js';
import { usefulMixes } from '../src/main/eval/mixes.js';
import { formatTable } from '../src/main/eval/report.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { threads: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' } },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: npx tsx bench/looks.ts COVERS_DEV_DIR [--threads 2] [--seed 1]\n');
  process.exit(2);
}
const dir = positionals[0];
const K = 10;
/** Labels left out, as in the README: a collage fits no look. */
const LEFT_OUT = 'other';
const load = () => `load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`;

const csv = (await readFile(join(dir, 'looks.csv'), 'utf8'))
  .split('\n')
  .filter((line) => !line.trim().endsWith(`,${LEFT_OUT}`))
  .join('\n');
const threads = Number(values.threads);
const pool = new ArtworkPool({ threads });
const neuralPool = new NeuralPool({ threads });
const started = performance.now();
const names = DESCRIPTOR_KINDS.map((kind) => kind.name);
const dataset = await folderDataset(dir, csv, undefined, names, pool, undefined, neuralPool);
const describeSeconds = (performance.now() - started) / 1000;

// Test-time augmentation: the mirror image's neural vector, averaged with the picture's.
const mirrored = await Promise.all(
  dataset.files.map(async (file) => {
    const bytes = await readFile(join(dir, file));
    const flopped = await sharp(bytes).rotate().flop().png().toBuffer();
    const [result] = await neuralPool.describe([flopped]);
    if (!result.ok) throw new Error(`${file}: ${result.reason}`);
    return result.vector;
  }),
);
await Promise.all([pool.close(), neuralPool.close()]);
const items: EvalItem[] = dataset.items.map((item, i) => {
  const own = item.vectors.get('neural') as Float32Array;
  const tta = l2Normalise(Float32Array.from(own, (v, d) => v + mirrored[i][d]));
  return { ...item, vectors: new Map([...item.vectors, ['neural+flip', tta]]) };
});

process.stdout.write(
  `${items.length} covers labelled by look in ${dir} (${dataset.labelColumn}; ${LEFT_OUT} left out), ` +
    `described in ${describeSeconds.toFixed(1)} s with ${threads} threads per pool  (${load()})\n\n`,
);

/** The README's protocol: leave-one-out 10 nearest neighbours by cosine, and AUC over all pairs. */
function readmeScores(kind: string): { p10: number; auc: number } {
  const n = items.length;
  const dim = items[0].vectors.get(kind)!.length;
  const rows = new Float32Array(n * dim);
  items.forEach((item, i) => rows.set(l2Normalise(Float32Array.from(item.vectors.get(kind)!)), i * dim));
  const sim = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) s += rows[i * dim + d] * rows[j * dim + d];
      sim[i * n + j] = s;
      sim[j * n + i] = s;
    }
  }
  let hits = 0;
  for (let i = 0; i < n; i++) {
    const others = Array.from({ length: n - 1 }, (_, k) => (k < i ? k : k + 1)).sort((a, b) => sim[i * n + b] - sim[i * n + a]);
    for (const j of others.slice(0, K)) if (items[j].label === items[i].label) hits++;
  }
  // AUC: the probability that a same-look pair is more similar than a different-look pair (ties count half).
  const pairs: { s: number; same: boolean }[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push({ s: sim[i * n + j], same: items[i].label === items[j].label });
  pairs.sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let k = 0; k < pairs.length; ) {
    let end = k;
    while (end < pairs.length && pairs[end].s === pairs[k].s) end++;
    const meanRank = (k + 1 + end) / 2;
    for (let m = k; m < end; m++) if (pairs[m].same) (rankSum += meanRank), positives++;
    k = end;
  }
  const negatives = pairs.length - positives;
  return { p10: hits / (n * K), auc: (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives) };
}

const counts = new Map<string, number>();
for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + 1);
let chance = 0;
for (const c of counts.values()) chance += (c * (c - 1)) / (items.length * (items.length - 1));
process.stdout.write(`README protocol (chance P@10 ${chance.toFixed(3)}):\n\n| kind | P@10 look | same-look AUC |\n| --- | --- | --- |\n`);
const table = new Map<string, { p10: number; auc: number }>();
for (const kind of [...names, 'neural+flip']) {
  const score = readmeScores(kind);
  table.set(kind, score);
  process.stdout.write(`| ${kind} | ${score.p10.toFixed(3)} | ${score.auc.toFixed(3)} |\n`);
}
const neural = table.get('neural')!;
const gist = table.get('gist')!;
process.stdout.write(
  `\nneural − gist: ${(neural.p10 - gist.p10).toFixed(3)} P@10 (goal ≥ 0.08 and neural ≥ 0.40: ${neural.p10 >= 0.4 && neural.p10 - gist.p10 >= 0.08 ? 'met' : 'not met'}); ` +
    `with the mirror image ${table.get('neural+flip')!.p10.toFixed(3)}  (${load()})\n\n`,
);

// `sleeve eval`'s report on the same covers: kinds, mixes, and the learned projection under 5-fold CV.
const seed = Number(values.seed);
const kinds = [...DESCRIPTOR_KINDS, { name: 'neural+flip', version: 1, dim: DESCRIPTOR_KINDS.find((k) => k.name === 'neural')!.dim }];
for (const [title, inputKinds] of [
  ['every kind', kinds],
  ['neural alone (learned = a projection of the neural vectors)', kinds.filter((k) => k.name === 'neural')],
] as const) {
  const report = evaluate({ items, kinds: inputKinds, mixes: usefulMixes(inputKinds.map((k) => k.name), null), learned: true, seed });
  process.stdout.write(`sleeve eval's report, ${title}:\n`);
  process.stdout.write(formatTable(report, 'look', `in ${dir}`));
  process.stdout.write(`(${load()})\n`);
  process.stdout.write('\n');
}
