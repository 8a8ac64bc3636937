/**
 * Atlas benchmark.
 *
 *   npx tsx bench/atlas.ts [--covers DIR] [--sizes 10000,100000] [--kind gist:0.7,color:0.3]
 *
 * 1. With --covers (e.g. ../shared/data/covers-dev): every image under DIR
 *    described as a scan describes it (artwork/describe-file.ts) in each kind
 *    of the mix, mixed as the playlists mix kinds, laid out in the layout
 *    worker; prints the layout time and the map's trustworthiness at k = 10
 *    (Venna & Kaski) against the descriptor space, and the share of each
 *    cover's 10 map neighbours that share its label (labels.csv) beside the
 *    same share in the descriptor space.
 * 2. For each size: synthetic clustered covers of the mix's width
 *    (bench/lib/clustered-vectors.ts), laid out in the worker as the app does;
 *    prints the time to the neighbour graph and the whole layout.
 * Each figure is printed with the load average beside it (one run each: a
 * 100,000-cover layout takes minutes).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { describeImageFile } from '../src/main/artwork/describe-file.js';
import { getKind, type KindName } from '../src/main/artwork/kinds.js';
import { DEFAULT_LAYOUT, type LayoutProgress } from '../src/main/atlas/layout.js';
import { layoutInWorker } from '../src/main/atlas/run-layout.js';
import { trustworthiness } from '../src/main/atlas/trustworthiness.js';
import { parseKindMix, type KindWeight } from '../src/shared/mix.js';
import { clusteredSpace } from './lib/clustered-vectors.js';

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp']);
const K = 10;
/** Covers described at once (sharp decodes on its own threads). */
const DESCRIBE_CONCURRENCY = 4;

const { values } = parseArgs({
  options: {
    covers: { type: 'string' },
    sizes: { type: 'string', default: '10000,100000' },
    kind: { type: 'string', default: 'gist:0.7,color:0.3' },
  },
});
const mix = parseKindMix(values.kind, ['tiny', 'gist', 'color']);
const dims = mix.map((kind) => getKind(kind.name).dim);
const dim = dims.reduce((a, b) => a + b, 0);

function load(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

function listImages(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listImages(path));
    else if (IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
  return out.sort();
}

/** √w_k·u_k/|u_k| over the kinds, as atlas/inputs.ts mixes them. */
function mixRow(parts: readonly ArrayLike<number>[], out: Float32Array, offset: number, kinds: readonly KindWeight[]): void {
  let at = offset;
  parts.forEach((vector, k) => {
    let norm = 0;
    for (let i = 0; i < vector.length; i++) norm += vector[i] * vector[i];
    const scale = norm > 0 ? Math.sqrt(kinds[k].weight / norm) : 0;
    for (let i = 0; i < vector.length; i++) out[at + i] = scale * vector[i];
    at += vector.length;
  });
}

function timedLayout(vectors: Float32Array, n: number) {
  const started = performance.now();
  let neighboursDone = 0;
  const onProgress = (p: LayoutProgress) => {
    if (p.phase === 'layout' && neighboursDone === 0) neighboursDone = performance.now();
  };
  return layoutInWorker(vectors, n, dim, DEFAULT_LAYOUT, { onProgress }).then((layout) => ({
    layout,
    neighboursSeconds: (neighboursDone - started) / 1000,
    seconds: (performance.now() - started) / 1000,
  }));
}

/** Share of each row's K nearest (squared Euclidean) that carry its label. */
function labelShare(rows: ArrayLike<number>, width: number, labels: readonly string[]): number {
  const n = labels.length;
  let same = 0;
  const d = new Float64Array(n);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let c = 0; c < width; c++) s += (rows[i * width + c] - rows[j * width + c]) ** 2;
      d[j] = j === i ? Infinity : s;
    }
    order.sort((a, b) => d[a] - d[b]);
    for (let r = 0; r < K; r++) if (labels[order[r]] === labels[i]) same++;
  }
  return same / (n * K);
}

async function coversBenchmark(dir: string): Promise<void> {
  const files = listImages(dir);
  const labelsFile = join(dir, 'labels.csv');
  const labelOf = new Map<string, string>();
  if (existsSync(labelsFile)) {
    for (const line of readFileSync(labelsFile, 'utf8').split('\n').slice(1)) {
      const [file, label] = line.split(',');
      if (file && label) labelOf.set(file, label);
    }
  }
  console.log(`covers: ${files.length} images under ${dir}, mix ${values.kind} (${dim} values)`);
  const vectors = new Float32Array(files.length * dim);
  const describeStart = performance.now();
  for (let start = 0; start < files.length; start += DESCRIBE_CONCURRENCY) {
    await Promise.all(
      files.slice(start, start + DESCRIBE_CONCURRENCY).map(async (file, j) => {
        const parts = await Promise.all(mix.map(async (kind) => (await describeImageFile(file, kind.name as KindName)).vector));
        mixRow(parts, vectors, (start + j) * dim, mix);
      }),
    );
  }
  console.log(`  described in ${((performance.now() - describeStart) / 1000).toFixed(1)} s   [load ${load()}]`);
  const original = Float32Array.from(vectors);
  const { layout, seconds } = await timedLayout(vectors, files.length);
  console.log(`  layout: ${seconds.toFixed(2)} s   [load ${load()}]`);
  const t = trustworthiness(original, dim, layout.points, 2, K);
  console.log(`  trustworthiness at k = ${K}: ${t.toFixed(4)}   (the ≥ 0.90 goal is tested on generated cover families, test/atlas)`);
  const labels = files.map((file) => labelOf.get(relative(dir, file)) ?? '');
  if (labels.every((label) => label !== '')) {
    console.log(
      `  share of ${K} nearest with the same label: map ${labelShare(layout.points, 2, labels).toFixed(3)}, descriptor space ${labelShare(original, dim, labels).toFixed(3)}`,
    );
  }
}

async function syntheticBenchmark(n: number): Promise<void> {
  const space = clusteredSpace({ dim, seed: 11 });
  const vectors = space.sample(n, 12);
  for (let i = 0; i < n; i++) {
    const row = vectors.subarray(i * dim, (i + 1) * dim);
    let offset = 0;
    const parts = dims.map((width) => {
      const part = Float32Array.from(row.subarray(offset, offset + width));
      offset += width;
      return part;
    });
    mixRow(parts, vectors, i * dim, mix);
  }
  const { seconds, neighboursSeconds } = await timedLayout(vectors, n);
  console.log(
    `synthetic ${n.toLocaleString('en')} covers (${dim} values): neighbour graph ${neighboursSeconds.toFixed(1)} s, whole layout ${seconds.toFixed(1)} s   [load ${load()}]`,
  );
}

if (values.covers) await coversBenchmark(values.covers);
for (const size of values.sizes.split(',').filter(Boolean)) await syntheticBenchmark(Number(size));
