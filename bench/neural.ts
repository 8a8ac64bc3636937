/**
 * The neural kind's runtimes side by side, in one run: onnxruntime-node
 * (what ships) and TensorFlow.js on its WebAssembly SIMD backend (measured
 * when @tensorflow/tfjs-backend-wasm is installed:
 * `npm install --no-save @tensorflow/tfjs-backend-wasm@4.22.0`), each in its
 * own child process so that load time and memory are its own. Then the
 * shipped pipeline (decode, resize, network) through the neural pool.
 *
 *   npx tsx bench/neural.ts [--covers DIR] [--count 40] [--threads 2]
 *
 * Prints medians, the load average beside each figure, the largest
 * difference between the runtimes' unit vectors, and the install size of
 * each runtime's packages.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { neuralInput, l2Normalise } from '../src/main/artwork/neural.js';
import { NEURAL_DIM, NEURAL_INPUT_SIZE, neuralModelPaths, nsfwjsRoot } from '../src/main/artwork/neural-model.js';
import { NeuralPool } from '../src/main/artwork/neural-pool.js';

const { values } = parseArgs({
  options: {
    covers: { type: 'string', default: 'test/fixtures/gist' },
    count: { type: 'string', default: '40' },
    threads: { type: 'string', default: '2' },
    runtime: { type: 'string' },
  },
});

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const SIDE = NEURAL_INPUT_SIZE * NEURAL_INPUT_SIZE * 3;

async function coverInputs(dir: string, count: number): Promise<{ names: string[]; pixels: Uint8Array[]; bytes: Uint8Array[] }> {
  const names = readdirSync(dir).filter((f) => /\.(png|jpe?g|webp)$/i.test(f)).sort();
  const bytes = names.map((f) => new Uint8Array(readFileSync(join(dir, f))));
  const pixels = await Promise.all(bytes.map((b) => neuralInput(b)));
  // Cycle through the covers up to count.
  const n = Math.max(count, names.length);
  return {
    names: Array.from({ length: n }, (_, i) => names[i % names.length]),
    pixels: Array.from({ length: n }, (_, i) => pixels[i % pixels.length]),
    bytes: Array.from({ length: n }, (_, i) => bytes[i % bytes.length]),
  };
}

interface RuntimeFigures {
  runtime: string;
  loadMs: number;
  perCoverMs: number;
  /** CPU time of the whole process per cover: less sensitive than wall clock to other work on the machine. */
  perCoverCpuMs: number;
  batch8PerCoverMs: number;
  rssMb: number;
  loadavg: string;
  /** Unit vectors of the distinct covers, for the comparison. */
  vectors: number[][];
}

/** Child process: one runtime, one thread. */
async function measureRuntime(runtime: string): Promise<RuntimeFigures> {
  const { pixels, names } = await coverInputs(values.covers, Number(values.count));
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  let features: (rgb: Uint8Array, count: number) => Promise<Float32Array>;
  if (runtime === 'onnxruntime') {
    const { loadOrtFeatures } = await import('../src/main/artwork/neural-ort.js');
    const model = await loadOrtFeatures();
    features = (rgb, count) => model.features(rgb, count);
  } else {
    const { loadTfjsFeatures } = await import('../scripts/neural-tfjs.js');
    const model = await loadTfjsFeatures('wasm');
    features = async (rgb, count) => model.features(rgb, count);
  }
  const loadMs = performance.now() - started;
  await features(pixels[0], 1); // warm-up
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (const p of pixels) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    await features(p, 1);
    const used = process.cpuUsage(cpu);
    times.push(performance.now() - t);
    cpuTimes.push((used.user + used.system) / 1000);
  }
  const batchTimes: number[] = [];
  const batch = new Uint8Array(8 * SIDE);
  for (let k = 0; k + 8 <= pixels.length; k += 8) {
    for (let i = 0; i < 8; i++) batch.set(pixels[k + i], i * SIDE);
    const t = performance.now();
    await features(batch, 8);
    batchTimes.push((performance.now() - t) / 8);
  }
  /** Covers compared between the runtimes. */
  const distinct = Math.min(new Set(names).size, 20);
  const vectors: number[][] = [];
  for (let i = 0; i < distinct; i++) vectors.push(Array.from(l2Normalise((await features(pixels[i], 1)).slice(0, NEURAL_DIM))));
  return {
    runtime,
    loadMs,
    perCoverMs: median(times),
    perCoverCpuMs: median(cpuTimes),
    batch8PerCoverMs: batchTimes.length > 0 ? median(batchTimes) : NaN,
    rssMb: (process.memoryUsage().rss - rssBefore) / 2 ** 20,
    loadavg: load(),
    vectors,
  };
}

function packageMb(names: string[]): number {
  const require = createRequire(import.meta.url);
  let total = 0;
  for (const name of names) {
    let dir: string;
    try {
      dir = join(require.resolve(`${name}/package.json`), '..');
    } catch {
      continue;
    }
    total += Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split('\t')[0]) / 1024;
  }
  return total;
}

function modelMb(): number {
  const paths = neuralModelPaths();
  return (statSync(paths.topology).size + statSync(paths.weights).size) / 2 ** 20;
}

if (values.runtime !== undefined) {
  // Exit once the (large) answer is through the pipe: the runtimes keep threads alive.
  const measured = JSON.stringify(await measureRuntime(values.runtime));
  await new Promise<void>((done) => process.stdout.write(measured, () => done()));
  process.exit(0);
}

function wasmInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    return true;
  } catch {
    return false;
  }
}

const runtimes = ['onnxruntime', ...(wasmInstalled() ? ['tfjs-wasm'] : [])];
const figures: RuntimeFigures[] = [];
for (const runtime of runtimes) {
  const child = spawnSync(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, '--runtime', runtime, '--covers', values.covers, '--count', values.count], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (child.status !== 0) throw new Error(`${runtime} failed: ${child.stderr}`);
  figures.push(JSON.parse(child.stdout.slice(child.stdout.indexOf('{"runtime"'))) as RuntimeFigures);
}

process.stdout.write(`Neural kind: MobileNetV2 (nsfwjs 4.4.0) to the 1,280-d pooled features, ${NEURAL_INPUT_SIZE}×${NEURAL_INPUT_SIZE}, one thread each\n`);
for (const f of figures) {
  process.stdout.write(
    `${f.runtime.padEnd(12)} load ${f.loadMs.toFixed(0)} ms; ${f.perCoverMs.toFixed(1)} ms per cover (batch 1; CPU ${f.perCoverCpuMs.toFixed(1)} ms), ` +
      `${f.batch8PerCoverMs.toFixed(1)} ms per cover (batch 8); memory +${f.rssMb.toFixed(0)} MB  [load ${f.loadavg}]\n`,
  );
}
if (figures.length === 2) {
  const [a, b] = figures;
  let diff = 0;
  a.vectors.forEach((v, i) => v.forEach((x, j) => (diff = Math.max(diff, Math.abs(x - b.vectors[i][j])))));
  process.stdout.write(`max |Δ| between the runtimes' unit vectors over ${a.vectors.length} covers: ${diff.toExponential(2)}\n`);
  process.stdout.write(`ratio tfjs-wasm / onnxruntime per cover: ${(b.perCoverMs / a.perCoverMs).toFixed(2)}\n`);
} else {
  process.stdout.write('tfjs-wasm not measured (@tensorflow/tfjs-backend-wasm is not installed; see this file\'s header)\n');
}
process.stdout.write(
  `install size: onnxruntime-node ${packageMb(['onnxruntime-node', 'onnxruntime-common']).toFixed(0)} MB, ` +
    `nsfwjs ${(Number(execFileSync('du', ['-sk', nsfwjsRoot()], { encoding: 'utf8' }).split('\t')[0]) / 1024).toFixed(0)} MB (its MobileNetV2 files ${modelMb().toFixed(1)} MB)` +
    (wasmInstalled() ? `, @tensorflow/tfjs-backend-wasm ${packageMb(['@tensorflow/tfjs-backend-wasm']).toFixed(0)} MB` : '') +
    ` (TensorFlow.js itself, nsfwjs' peer: ${packageMb(['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-webgl', '@tensorflow/tfjs-data']).toFixed(0)} MB)\n`,
);

// The shipped pipeline: bytes → decode → 224² → network, through the pool.
const threads = Number(values.threads);
const { bytes } = await coverInputs(values.covers, Number(values.count));
const pool = new NeuralPool({ threads });
let t = performance.now();
await Promise.all(Array.from({ length: threads }, () => pool.describe(bytes.slice(0, 1))));
const warm = performance.now() - t;
const batch = 8;
t = performance.now();
const cpuStart = process.cpuUsage();
const tasks: Promise<unknown>[] = [];
for (let k = 0; k < bytes.length; k += batch) tasks.push(pool.describe(bytes.slice(k, k + batch)));
await Promise.all(tasks);
const seconds = (performance.now() - t) / 1000;
const cpuUsed = process.cpuUsage(cpuStart);
const cpuPerCover = (cpuUsed.user + cpuUsed.system) / 1000 / bytes.length;
await pool.close();
process.stdout.write(
  `pool of ${threads} threads: first batch (model load) ${warm.toFixed(0)} ms; ${bytes.length} covers decoded and described in ${seconds.toFixed(2)} s ` +
    `= ${((seconds * 1000) / bytes.length).toFixed(1)} ms per cover (${((seconds * 1000 * threads) / bytes.length).toFixed(1)} ms per cover per core); ` +
    `10,000 covers ≈ ${((seconds / bytes.length) * 10_000 / 60).toFixed(1)} min; CPU ${cpuPerCover.toFixed(1)} ms per cover (all threads), ` +
    `so 10,000 covers on ${threads} idle cores ≈ ${((cpuPerCover * 10_000) / threads / 60_000).toFixed(1)} min  [load ${load()}]\n`,
);
