/**
 * How the similarity index stores its vectors, and where search is exact.
 *
 *   npx tsx bench/index-storage.ts [--n 100000] [--queries 200] [--part storage|construction|exact|all]
 *
 * storage – per descriptor kind (its real dimension), one graph per scalar
 *           type (f32, f16, i8) over the same n clustered, normalised vectors
 *           (bench/lib/clustered-vectors.ts), built on one thread with
 *           Sleeve's parameters: build CPU, file size, RSS after `load`
 *           (the whole graph resident), query p50 and recall@10 against
 *           exact search, and self-recall (every cover its own best match).
 * construction – the gist graph (f16) built at several efConstruction values:
 *           build CPU, and recall@10 and query p50/p99 at ef 48, 64 and 96
 *           through a memory-mapped view, as the app searches.
 * exact   – at 1k, 5k, 10k and 20k covers: one k=10 query by brute force in
 *           JavaScript (index/exact.ts), by usearch's SIMD exact search, and
 *           through the f32 graph; p50 over the queries.
 *
 * Figures are printed with the load average beside them, never asserted.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { exactSearch as simdExactSearch, Index, MetricKind, ScalarKind } from 'usearch';
import { DESCRIPTOR_KINDS } from '../src/main/artwork/kinds.js';
import { exactSearch, normaliseRows } from '../src/main/index/exact.js';
import { CONNECTIVITY, EXPANSION_ADD, EXPANSION_SEARCH } from '../src/main/index/vector-index.js';
import { clusteredSpace } from './lib/clustered-vectors.js';

const K = 10;
const SEED = 20140101;
const EXACT_SIZES = [1000, 5000, 10000, 20000];
const SELF_QUERIES = 1000;
const SCALARS = [
  ['f32', ScalarKind.F32],
  ['f16', ScalarKind.F16],
  ['i8', ScalarKind.I8],
] as const;

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function graph(dim: number, scalar: ScalarKind, expansionAdd = EXPANSION_ADD, expansionSearch = EXPANSION_SEARCH): Index {
  return new Index({
    dimensions: dim,
    metric: MetricKind.IP,
    quantization: scalar,
    connectivity: CONNECTIVITY,
    expansion_add: expansionAdd,
    expansion_search: expansionSearch,
    multi: false,
  });
}

function quantile(times: readonly number[], q: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

function dataset(dim: number, n: number, queries: number): { data: Float32Array; queries: Float32Array } {
  const space = clusteredSpace({ dim, seed: SEED });
  const data = space.sample(n, SEED + 1);
  const held = space.sample(queries, SEED + 2);
  normaliseRows(data, dim);
  normaliseRows(held, dim);
  return { data, queries: held };
}

function keysOf(n: number): BigUint64Array {
  const keys = new BigUint64Array(n);
  for (let i = 0; i < n; i++) keys[i] = BigInt(i);
  return keys;
}

function storagePart(n: number, queryCount: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-storage-'));
  try {
    console.log(`\n# storage at ${n} covers, ${queryCount} held-out queries, k ${K}, ef ${EXPANSION_SEARCH}`);
    console.log('kind  dim  type  build CPU s  file MB  RSS after load MB  query p50 ms  recall@10  self-recall  load avg');
    for (const kind of DESCRIPTOR_KINDS) {
      const { data, queries } = dataset(kind.dim, n, queryCount);
      const ids = Float64Array.from({ length: n }, (_, i) => i);
      const truth: Set<number>[] = [];
      for (let q = 0; q < queryCount; q++) {
        const query = queries.subarray(q * kind.dim, (q + 1) * kind.dim);
        truth.push(new Set(exactSearch(data, ids, query, K).map((hit) => hit.id)));
      }
      for (const [label, scalar] of SCALARS) {
        const cpu = process.cpuUsage();
        const built = graph(kind.dim, scalar);
        built.add(keysOf(n), data, 1);
        const used = process.cpuUsage(cpu);
        const path = join(dir, `${kind.name}-${label}.usearch`);
        built.save(path);
        const bytes = statSync(path).size;
        const before = rssMb();
        const loaded = graph(kind.dim, scalar);
        loaded.load(path);
        const rss = rssMb() - before;
        const times: number[] = [];
        let found = 0;
        for (let q = 0; q < queryCount; q++) {
          const query = queries.subarray(q * kind.dim, (q + 1) * kind.dim);
          const started = performance.now();
          const answer = loaded.search(query, K, 1);
          times.push(performance.now() - started);
          for (const key of answer.keys) if (truth[q].has(Number(key))) found++;
        }
        let self = 0;
        const step = Math.max(1, Math.floor(n / SELF_QUERIES));
        let asked = 0;
        for (let row = 0; row < n; row += step) {
          asked++;
          if (Number(loaded.search(data.subarray(row * kind.dim, (row + 1) * kind.dim), 1, 1).keys[0]) === row) self++;
        }
        console.log(
          [
            kind.name.padEnd(5), String(kind.dim).padStart(4), label.padEnd(4),
            ((used.user + used.system) / 1e6).toFixed(1).padStart(11), (bytes / 2 ** 20).toFixed(1).padStart(8),
            rss.toFixed(0).padStart(18), quantile(times, 0.5).toFixed(3).padStart(13),
            (found / (queryCount * K)).toFixed(3).padStart(10), (self / asked).toFixed(3).padStart(12), ` ${loadavg()}`,
          ].join('  '),
        );
        rmSync(path);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CONSTRUCTION_VALUES = [64, 48, 40, 32];
const SEARCH_VALUES = [48, 64, 96];

function constructionPart(n: number, queryCount: number): void {
  const kind = DESCRIPTOR_KINDS.find((candidate) => candidate.name === 'gist');
  if (!kind) throw new Error('no gist kind');
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-construction-'));
  try {
    console.log(`\n# gist graph (f16, M ${CONNECTIVITY}) by efConstruction at ${n} covers, ${queryCount} held-out queries, k ${K}`);
    console.log('efConstruction  build CPU s  ef  recall@10  query p50 ms  p99 ms  load avg');
    const { data, queries } = dataset(kind.dim, n, queryCount);
    const ids = Float64Array.from({ length: n }, (_, i) => i);
    const queryOf = (q: number) => queries.subarray(q * kind.dim, (q + 1) * kind.dim);
    const truth = Array.from({ length: queryCount }, (_, q) => new Set(exactSearch(data, ids, queryOf(q), K).map((hit) => hit.id)));
    for (const expansionAdd of CONSTRUCTION_VALUES) {
      const cpu = process.cpuUsage();
      const built = graph(kind.dim, ScalarKind.F16, expansionAdd);
      built.add(keysOf(n), data, 1);
      const used = process.cpuUsage(cpu);
      const path = join(dir, `gist-${expansionAdd}.usearch`);
      built.save(path);
      for (const expansionSearch of SEARCH_VALUES) {
        const viewed = graph(kind.dim, ScalarKind.F16, expansionAdd, expansionSearch);
        viewed.view(path);
        const times: number[] = [];
        let found = 0;
        for (let q = 0; q < queryCount; q++) {
          const started = performance.now();
          const answer = viewed.search(queryOf(q), K, 1);
          times.push(performance.now() - started);
          for (const key of answer.keys) if (truth[q].has(Number(key))) found++;
        }
        console.log(
          [
            String(expansionAdd).padStart(14), ((used.user + used.system) / 1e6).toFixed(1).padStart(11), String(expansionSearch).padStart(3),
            (found / (queryCount * K)).toFixed(3).padStart(9), quantile(times, 0.5).toFixed(3).padStart(13), quantile(times, 0.99).toFixed(2).padStart(7), ` ${loadavg()}`,
          ].join('  '),
        );
      }
      rmSync(path);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function exactPart(queryCount: number): void {
  console.log(`\n# exact vs graph, one k=${K} query, p50 ms over ${queryCount} queries`);
  console.log('kind  dim  covers  JS exact  SIMD exact  graph f32  load avg');
  for (const kind of DESCRIPTOR_KINDS) {
    for (const n of EXACT_SIZES) {
      const { data, queries } = dataset(kind.dim, n, queryCount);
      const ids = Float64Array.from({ length: n }, (_, i) => i);
      const built = graph(kind.dim, ScalarKind.F32);
      built.add(keysOf(n), data, 1);
      const js: number[] = [];
      const simd: number[] = [];
      const approximate: number[] = [];
      for (let q = 0; q < queryCount; q++) {
        const query = queries.subarray(q * kind.dim, (q + 1) * kind.dim);
        let started = performance.now();
        exactSearch(data, ids, query, K);
        js.push(performance.now() - started);
        started = performance.now();
        simdExactSearch(data, query, kind.dim, K, MetricKind.IP, 1);
        simd.push(performance.now() - started);
        started = performance.now();
        built.search(query, K, 1);
        approximate.push(performance.now() - started);
      }
      console.log(
        `${kind.name.padEnd(5)} ${String(kind.dim).padStart(4)} ${String(n).padStart(7)} ${quantile(js, 0.5).toFixed(3).padStart(9)} ${quantile(simd, 0.5).toFixed(3).padStart(11)} ${quantile(approximate, 0.5).toFixed(3).padStart(10)}  ${loadavg()}`,
      );
    }
  }
}

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '200' },
    part: { type: 'string', default: 'all' },
  },
});
const n = Number(values.n);
const queryCount = Number(values.queries);
if (values.part === 'exact' || values.part === 'all') exactPart(queryCount);
if (values.part === 'storage' || values.part === 'all') storagePart(n, queryCount);
if (values.part === 'construction' || values.part === 'all') constructionPart(n, queryCount);
