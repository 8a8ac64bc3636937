/**
 * Similar-covers benchmark: which approximate nearest-neighbour library Sleeve
 * uses, with what parameters, and what it costs.
 *
 *   npx tsx bench/similar.ts [--n 100000] [--dim 960] [--queries 200] [--only usearch|usearch-mt|hnswlib]
 *
 * Data: seeded clustered vectors of low intrinsic dimension (see
 * bench/lib/clustered-vectors.ts), normalised, as stored descriptors are.
 * Ground truth: exact cosine top-10 by brute force (src/main/index/exact.ts).
 *
 * Each library is measured in child processes, so that memory figures are
 * not mixed up and a native crash on a damaged file is observed, not suffered:
 *   build  – build time, RSS growth, file size
 *   query  – load time (usearch: `load` copies into RAM, `view` memory-maps),
 *            RSS growth, first query, p50/p99 of single k=10 queries and
 *            recall@10 over a sweep of the search breadth (ef), and
 *            self-recall (stored vectors found as their own top-1)
 *   damage – a truncated file, flipped bytes, an empty file, a file of another
 *            dimension: does the library throw, crash, or answer garbage?
 * Then Sleeve's own path, CoverIndex over a real SQLite library: rebuild,
 * verified open, search.
 *
 * Figures are printed, never asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchPlaylist } from './lib/playlist-timing.js';
import hnswlib from 'hnswlib-node';
import { Index, MetricKind, ScalarKind } from 'usearch';
import { CoverIndex, EXACT_SEARCH_FLOATS, rebuildIndex } from '../src/main/index/cover-index.js';
import { exactSearch, normaliseRows, simdExactSearch } from '../src/main/index/exact.js';
import { sha256File } from '../src/main/index/index-store.js';
import { CONNECTIVITY, EXPANSION_ADD } from '../src/main/index/vector-index.js';
import { openDatabase } from '../src/main/store/db.js';
import { clusteredSpace } from './lib/clustered-vectors.js';
import { mulberry32 } from '../src/shared/random.js';

const K = 10;
const SEED = 20140101;
/** Damage tests run on a small index: robustness does not depend on size. */
const DAMAGE_N = 2000;
/** Queries each damaged index must answer like the intact one. */
const DAMAGE_QUERIES = 20;
const FLIP_TRIALS = 12;
const FLIPS_PER_TRIAL = 8;
/**
 * Share of the file, at its end, hit by the "graph" flips: usearch writes the
 * vectors first and the graph links last; hnswlib ends with the links of the
 * upper layers.
 */
const TAIL_SHARE = 0.03;
/** Dimension of the "wrong dimension" file: the tiny descriptor's 16×16. */
const WRONG_DIM = 256;
const CHILD_TIMEOUT_MS = 20 * 60_000;
const DAMAGE_TIMEOUT_MS = 60_000;
const EF_SWEEP = [16, 32, 64, 128, 256];

/** usearch-mt is usearch built with every core (see BUILD_THREADS below). */
type Library = 'usearch' | 'usearch-mt' | 'hnswlib';
type LoadMode = 'load' | 'view';

/** Sleeve's build parameters (src/main/index/vector-index.ts), for both libraries alike. */
const BUILD = {
  usearch: { connectivity: CONNECTIVITY, expansionAdd: EXPANSION_ADD },
  hnswlib: { m: CONNECTIVITY, efConstruction: EXPANSION_ADD },
} as const;
/**
 * usearch 2.25's concurrent `add` can leave nodes no search reaches
 * (unum-cloud/USearch issue #735): Sleeve builds on one thread, and the
 * benchmark measures both, with self-recall showing the damage.
 */
const BUILD_THREADS: Record<Library, number> = { usearch: 1, 'usearch-mt': 0, hnswlib: 1 };
/** Stored vectors searched for themselves (top-1) to count unreachable nodes. */
const SELF_QUERIES = 2000;

const SCRIPT = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- utilities

function readF32(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

function writeF32(path: string, data: Float32Array): void {
  writeFileSync(path, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

function recallAt(found: ArrayLike<number>, truth: ArrayLike<number>): number {
  const wanted = new Set(Array.from(truth));
  let hits = 0;
  for (let i = 0; i < found.length; i++) if (wanted.has(Number(found[i]))) hits++;
  return hits / truth.length;
}

// ------------------------------------------------------- library adapters

interface Opened {
  readonly size: number;
  readonly dim: number;
  search(query: Float32Array, k: number): { ids: number[]; scores: number[] };
}

/** A usearch index with the benchmark's build parameters. */
function usearchIndex(dim: number, ef: number): Index {
  return new Index({
    dimensions: dim,
    metric: MetricKind.Cos,
    quantization: ScalarKind.F32,
    connectivity: BUILD.usearch.connectivity,
    expansion_add: BUILD.usearch.expansionAdd,
    expansion_search: ef,
    multi: false,
  });
}

/** Builds an index over the rows of `data` (keys 0..n-1); returns how to save it. */
function buildIndex(library: Library, data: Float32Array, dim: number): (path: string) => void {
  const n = data.length / dim;
  if (library !== 'hnswlib') {
    const index = usearchIndex(dim, EF_SWEEP[0]);
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) keys[i] = BigInt(i);
    index.add(keys, data, BUILD_THREADS[library]);
    return (path) => index.save(path);
  }
  const index = new hnswlib.HierarchicalNSW('cosine', dim);
  index.initIndex({ maxElements: n, m: BUILD.hnswlib.m, efConstruction: BUILD.hnswlib.efConstruction, randomSeed: SEED });
  for (let i = 0; i < n; i++) index.addPoint(Array.from(data.subarray(i * dim, (i + 1) * dim)), i);
  return (path) => index.writeIndexSync(path);
}

function openIndex(library: Library, mode: LoadMode, path: string, dim: number, ef: number): Opened {
  if (library !== 'hnswlib') {
    const index = usearchIndex(dim, ef);
    if (mode === 'view') index.view(path);
    else index.load(path);
    return {
      size: index.size(),
      dim: index.dimensions(),
      search(query, k) {
        const found = index.search(query, k, 1);
        return { ids: Array.from(found.keys, Number), scores: Array.from(found.distances, (d) => 1 - d) };
      },
    };
  }
  const index = new hnswlib.HierarchicalNSW('cosine', dim);
  index.readIndexSync(path);
  index.setEf(ef);
  return {
    size: index.getCurrentCount(),
    dim: index.getNumDimensions(),
    search(query, k) {
      const found = index.searchKnn(Array.from(query), k);
      return { ids: found.neighbors, scores: found.distances.map((d) => 1 - d) };
    },
  };
}

// ------------------------------------------------------ child processes

interface BuildResult {
  buildMs: number;
  /** CPU time of the build over all threads: the figure other load on the machine does not inflate. */
  buildCpuMs: number;
  saveMs: number;
  rssDeltaMb: number;
  bytes: number;
}

interface SweepPoint {
  ef: number;
  p50Ms: number;
  p99Ms: number;
  recall: number;
  /** Share of stored vectors found as their own nearest neighbour. */
  selfRecall: number;
}

interface QueryResult {
  loadMs: number;
  rssAfterLoadMb: number;
  firstQueryMs: number;
  /** After the first sweep point's queries (later points reopen the index). */
  rssAfterQueriesMb: number;
  sweep: SweepPoint[];
}

interface DamageResult {
  outcome: 'threw on load' | 'threw on search' | 'loaded';
  message?: string;
  size?: number;
  dim?: number;
  answers?: number[][];
  nonFinite?: number;
}

function childBuild(args: Record<string, string>): BuildResult {
  const dim = Number(args.dim);
  const data = readF32(args.data);
  const rss0 = rssMb();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const save = buildIndex(args.lib as Library, data, dim);
  const t1 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const rss1 = rssMb();
  save(args.out);
  const t2 = performance.now();
  return { buildMs: t1 - t0, buildCpuMs: (cpu.user + cpu.system) / 1000, saveMs: t2 - t1, rssDeltaMb: rss1 - rss0, bytes: statSync(args.out).size };
}

function childQuery(args: Record<string, string>): QueryResult {
  const dim = Number(args.dim);
  const library = args.lib as Library;
  const mode = args.mode as LoadMode;
  const queries = readF32(args.queries);
  const truth = readF32(args.truth);
  const data = readF32(args.data);
  const count = queries.length / dim;
  const selfCount = Math.min(SELF_QUERIES, data.length / dim);

  const rss0 = rssMb();
  const t0 = performance.now();
  let index = openIndex(library, mode, args.index, dim, EF_SWEEP[0]);
  const loadMs = performance.now() - t0;
  const rssAfterLoadMb = rssMb() - rss0;
  const t1 = performance.now();
  index.search(queries.subarray(0, dim), K);
  const firstQueryMs = performance.now() - t1;

  const sweep: SweepPoint[] = [];
  let rssAfterQueriesMb = Number.NaN;
  for (const ef of EF_SWEEP) {
    if (ef !== EF_SWEEP[0]) index = openIndex(library, mode, args.index, dim, ef);
    for (let q = 0; q < count; q++) index.search(queries.subarray(q * dim, (q + 1) * dim), K);
    const times: number[] = [];
    let recall = 0;
    for (let q = 0; q < count; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      const start = performance.now();
      const found = index.search(query, K);
      times.push(performance.now() - start);
      recall += recallAt(found.ids, truth.subarray(q * K, (q + 1) * K));
    }
    times.sort((a, b) => a - b);
    if (ef === EF_SWEEP[0]) rssAfterQueriesMb = rssMb() - rss0;
    let selfFound = 0;
    for (let i = 0; i < selfCount; i++) if (index.search(data.subarray(i * dim, (i + 1) * dim), 1).ids[0] === i) selfFound++;
    sweep.push({ ef, p50Ms: quantile(times, 0.5), p99Ms: quantile(times, 0.99), recall: recall / count, selfRecall: selfFound / selfCount });
  }
  return { loadMs, rssAfterLoadMb, firstQueryMs, rssAfterQueriesMb, sweep };
}

function childDamage(args: Record<string, string>): DamageResult {
  const dim = Number(args.dim);
  const queries = readF32(args.queries);
  let index: Opened;
  try {
    index = openIndex(args.lib as Library, args.mode as LoadMode, args.index, dim, 64);
  } catch (error) {
    return { outcome: 'threw on load', message: (error as Error).message };
  }
  const answers: number[][] = [];
  let nonFinite = 0;
  try {
    for (let q = 0; q < DAMAGE_QUERIES; q++) {
      const found = index.search(queries.subarray(q * dim, (q + 1) * dim), K);
      answers.push(found.ids);
      nonFinite += found.scores.filter((s) => !Number.isFinite(s)).length;
    }
  } catch (error) {
    return { outcome: 'threw on search', message: (error as Error).message, size: index.size, dim: index.dim };
  }
  return { outcome: 'loaded', size: index.size, dim: index.dim, answers, nonFinite };
}

interface ChildOutcome<T> {
  result?: T;
  /** Why no result came back: a signal, an exit code, a timeout. */
  death?: string;
}

function runChild<T>(task: string, args: Record<string, string | number>, timeout = CHILD_TIMEOUT_MS): ChildOutcome<T> {
  const argv = [...process.execArgv, SCRIPT, '--task', task];
  for (const [key, value] of Object.entries(args)) argv.push(`--${key}`, String(value));
  const child = spawnSync(process.execPath, argv, { encoding: 'utf8', timeout, maxBuffer: 1 << 26 });
  const line = child.stdout?.trim().split('\n').pop();
  if (child.status === 0 && line) return { result: JSON.parse(line) as T };
  if (child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { death: `hung (killed after ${timeout / 1000} s)` };
  if (child.signal) return { death: `crashed (${child.signal})` };
  const tail = child.stderr?.trim().split('\n').slice(-1)[0] ?? '';
  return { death: `died (exit ${child.status}${tail ? `: ${tail.slice(0, 120)}` : ''})` };
}

// ------------------------------------------------------------ ANN section

interface Options {
  n: number;
  dim: number;
  queries: number;
  only?: Library;
}

interface Dataset {
  dir: string;
  dataPath: string;
  queriesPath: string;
  truthPath: string;
  smallPath: string;
  smallWrongDimPath: string;
  smallTruth: Float32Array;
}

function prepareData(options: Options): Dataset {
  const { n, dim } = options;
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-similar-'));
  const space = clusteredSpace({ dim, seed: SEED });
  let t = performance.now();
  const data = space.sample(n, SEED + 1);
  const queries = space.sample(options.queries, SEED + 2);
  normaliseRows(data, dim);
  normaliseRows(queries, dim);
  console.log(`data: ${n} × ${dim} clustered vectors + ${options.queries} queries in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  t = performance.now();
  const ids = Int32Array.from({ length: n }, (_, i) => i);
  const truth = new Float32Array(options.queries * K);
  const exactTimes: number[] = [];
  for (let q = 0; q < options.queries; q++) {
    const start = performance.now();
    const hits = exactSearch(data, ids, queries.subarray(q * dim, (q + 1) * dim), K);
    exactTimes.push(performance.now() - start);
    hits.forEach((hit, i) => (truth[q * K + i] = hit.id));
  }
  console.log(`exact brute force (JS) at n=${n}: p50 ${median(exactTimes).toFixed(2)} ms/query; ground truth in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const exactN = Math.min(Math.floor(EXACT_SEARCH_FLOATS / dim), n);
  const exactSmallTimes: number[] = [];
  for (let q = 0; q < options.queries; q++) {
    const start = performance.now();
    simdExactSearch(data.subarray(0, exactN * dim), ids.subarray(0, exactN), queries.subarray(q * dim, (q + 1) * dim), K);
    exactSmallTimes.push(performance.now() - start);
  }
  console.log(`exact brute force (SIMD) at n=${exactN} (EXACT_SEARCH_FLOATS / dim): p50 ${median(exactSmallTimes).toFixed(2)} ms/query`);

  const smallN = Math.min(DAMAGE_N, n);
  const small = data.subarray(0, smallN * dim);
  const smallTruth = new Float32Array(DAMAGE_QUERIES * K);
  for (let q = 0; q < Math.min(options.queries, DAMAGE_QUERIES); q++) {
    const hits = exactSearch(small, ids.subarray(0, smallN), queries.subarray(q * dim, (q + 1) * dim), K);
    hits.forEach((hit, i) => (smallTruth[q * K + i] = hit.id));
  }

  const wrong = clusteredSpace({ dim: WRONG_DIM, seed: SEED }).sample(smallN, SEED + 3);
  normaliseRows(wrong, WRONG_DIM);

  const dataset: Dataset = {
    dir,
    dataPath: join(dir, 'data.f32'),
    queriesPath: join(dir, 'queries.f32'),
    truthPath: join(dir, 'truth.f32'),
    smallPath: join(dir, 'small.f32'),
    smallWrongDimPath: join(dir, 'small-wrong-dim.f32'),
    smallTruth,
  };
  writeF32(dataset.dataPath, data);
  writeF32(dataset.queriesPath, queries);
  writeF32(dataset.truthPath, truth);
  writeF32(dataset.smallPath, small);
  writeF32(dataset.smallWrongDimPath, wrong);
  return dataset;
}

function fmt(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

function measureLibrary(library: Library, options: Options, dataset: Dataset): void {
  const { dim } = options;
  const indexPath = join(dataset.dir, `${library}.index`);
  const built = runChild<BuildResult>('build', { lib: library, dim, data: dataset.dataPath, out: indexPath });
  if (!built.result) {
    console.log(`${library}: build ${built.death}`);
    return;
  }
  const b = built.result;
  const t = performance.now();
  sha256File(indexPath);
  const shaMs = performance.now() - t;
  const threads = BUILD_THREADS[library] === 0 ? 'all cores' : `${BUILD_THREADS[library]} thread`;
  const params =
    library === 'hnswlib'
      ? `M ${BUILD.hnswlib.m}, efConstruction ${BUILD.hnswlib.efConstruction}, ${threads}`
      : `connectivity ${BUILD.usearch.connectivity}, expansion_add ${BUILD.usearch.expansionAdd}, built on ${threads}`;
  console.log(`\n${library} (${params})`);
  console.log(`  build ${fmt(b.buildMs / 1000, 2)} s (CPU ${fmt(b.buildCpuMs / 1000, 2)} s), save ${fmt(b.saveMs, 0)} ms, RSS +${fmt(b.rssDeltaMb, 0)} MB, file ${fmt(b.bytes / 2 ** 20)} MB, sha256 of file ${fmt(shaMs, 0)} ms`);

  const modes: LoadMode[] = { usearch: ['load', 'view'], 'usearch-mt': ['view'], hnswlib: ['load'] }[library] as LoadMode[];
  for (const mode of modes) {
    const queried = runChild<QueryResult>('query', {
      lib: library,
      mode,
      dim,
      index: indexPath,
      queries: dataset.queriesPath,
      truth: dataset.truthPath,
      data: dataset.dataPath,
    });
    if (!queried.result) {
      console.log(`  ${mode}: ${queried.death}`);
      continue;
    }
    const r = queried.result;
    console.log(`  ${mode}: ${fmt(r.loadMs, 1)} ms, RSS +${fmt(r.rssAfterLoadMb, 0)} MB after load, +${fmt(r.rssAfterQueriesMb, 0)} MB after queries; first query ${fmt(r.firstQueryMs, 2)} ms`);
    for (const point of r.sweep) {
      console.log(
        `    ef ${String(point.ef).padStart(3)}: recall@10 ${point.recall.toFixed(4)}, p50 ${fmt(point.p50Ms, 3)} ms, p99 ${fmt(point.p99Ms, 3)} ms, ` +
          `self-recall ${point.selfRecall.toFixed(4)}`,
      );
    }
  }
  rmSync(indexPath, { force: true });
  // usearch-mt writes the same file format as usearch: its damage tests would repeat them.
  if (library !== 'usearch-mt') measureDamage(library, options, dataset);
}

/** Returns a damaged copy of an index file's bytes. */
type Damage = (bytes: Buffer) => Buffer;

/** Flips bytes at random places in the file, or in its last `share` only. */
function flipBytes(seed: number, share = 1): Damage {
  return (bytes) => {
    const copy = Buffer.from(bytes);
    const random = mulberry32(seed);
    const start = Math.floor(copy.length * (1 - share));
    for (let i = 0; i < FLIPS_PER_TRIAL; i++) {
      const at = start + Math.floor(random() * (copy.length - start));
      copy[at] ^= 1 + Math.floor(random() * 255);
    }
    return copy;
  };
}

function describe(outcome: ChildOutcome<DamageResult>, reference: number[][] | undefined): string {
  if (!outcome.result) return outcome.death ?? 'no result';
  const r = outcome.result;
  if (r.outcome !== 'loaded') return `${r.outcome}: ${r.message}`;
  const answers = r.answers ?? [];
  const differing = reference ? answers.filter((ids, q) => ids.join() !== reference[q]?.join()).length : Number.NaN;
  const extra = r.nonFinite ? `, ${r.nonFinite} non-finite scores` : '';
  if (differing === 0 && !r.nonFinite) return `loaded; answers unchanged (size ${r.size}, dim ${r.dim})`;
  return `loaded silently; ${differing}/${answers.length} answers differ (size ${r.size}, dim ${r.dim}${extra})`;
}

function measureDamage(library: Library, options: Options, dataset: Dataset): void {
  const { dim } = options;
  const intactPath = join(dataset.dir, `${library}-small.index`);
  const wrongDimPath = join(dataset.dir, `${library}-wrong-dim.index`);
  const damagedPath = join(dataset.dir, `${library}-damaged.index`);
  if (!runChild('build', { lib: library, dim, data: dataset.smallPath, out: intactPath }).result) return;
  if (!runChild('build', { lib: library, dim: WRONG_DIM, data: dataset.smallWrongDimPath, out: wrongDimPath }).result) return;
  const intact = readFileSync(intactPath);
  const modes: LoadMode[] = library === 'usearch' ? ['load', 'view'] : ['load'];
  console.log(`  damaged files (index of ${DAMAGE_N}, ${intact.length} bytes; ${DAMAGE_QUERIES} queries compared with the intact index):`);
  for (const mode of modes) {
    const run = (path: string) => runChild<DamageResult>('damage', { lib: library, mode, dim, index: path, queries: dataset.queriesPath }, DAMAGE_TIMEOUT_MS);
    const reference = run(intactPath).result?.answers;
    const recall = reference ? median(reference.map((ids, q) => recallAt(ids, dataset.smallTruth.subarray(q * K, (q + 1) * K)))) : Number.NaN;
    console.log(`    [${mode}] intact: median recall@10 ${fmt(recall, 2)}`);
    const cases: [string, Damage][] = [
      ['truncated to half', (bytes) => bytes.subarray(0, bytes.length >> 1)],
      ['last 1 KiB cut off', (bytes) => bytes.subarray(0, bytes.length - 1024)],
      ['zero-length', () => Buffer.alloc(0)],
    ];
    for (const [name, damage] of cases) {
      writeFileSync(damagedPath, damage(intact));
      console.log(`    [${mode}] ${name}: ${describe(run(damagedPath), reference)}`);
    }
    for (const [where, share] of [['anywhere', 1], [`in the last ${TAIL_SHARE * 100}%`, TAIL_SHARE]] as const) {
      const tally = new Map<string, number>();
      for (let trial = 0; trial < FLIP_TRIALS; trial++) {
        writeFileSync(damagedPath, flipBytes(SEED + trial, share)(intact));
        const outcome = describe(run(damagedPath), reference).replace(/ \(size.*\)$/, '').replace(/\d+\/\d+ answers differ/, 'answers differ');
        tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
      }
      for (const [outcome, count] of tally) {
        console.log(`    [${mode}] ${FLIPS_PER_TRIAL} flipped bytes ${where}, ${count}/${FLIP_TRIALS} trials: ${outcome}`);
      }
    }
    console.log(`    [${mode}] wrong dimension (${WRONG_DIM}-d file, ${dim}-d expected): ${describe(run(wrongDimPath), reference)}`);
  }
  for (const path of [intactPath, wrongDimPath, damagedPath]) rmSync(path, { force: true });
}

function annSection(options: Options, dataset: Dataset): void {
  console.log(`\n== Approximate nearest neighbours: n=${options.n}, dim=${options.dim}, k=${K}, ${options.queries} queries ==`);
  for (const library of ['usearch', 'usearch-mt', 'hnswlib'] as const) {
    if (!options.only || options.only === library) measureLibrary(library, options, dataset);
  }
}

// ----------------------------------------------------- CoverIndex section

/** Sleeve's own path: descriptors in SQLite, rebuilt, reopened (verified), searched. */
function coverIndexSection(options: Options, dataset: Dataset): void {
  const { n, dim } = options;
  console.log(`\n== CoverIndex over a SQLite library: n=${n}, dim=${dim} ==`);
  const dir = join(dataset.dir, 'library');
  const db = openDatabase(join(dir, 'library.db'));
  try {
    const data = readF32(dataset.dataPath);
    const queries = readF32(dataset.queriesPath);
    const truth = readF32(dataset.truthPath);
    const kind = { name: 'gist', version: 1, dim };
    let t = performance.now();
    const insertArtwork = db.prepare(
      `INSERT INTO artworks (id, sha256, format, width, height, bytes, source, origin_path, created_at)
       VALUES (?, ?, 'jpeg', 500, 500, 1000, 'embedded', ?, 0)`,
    );
    const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, 1, ?)');
    db.transaction(() => {
      // Artwork ids start at 1; row i of the data is artwork i + 1.
      for (let i = 0; i < n; i++) {
        insertArtwork.run(i + 1, `bench-${i}`, Buffer.from(`/music/${i}.flac`));
        insertDescriptor.run(i + 1, kind.name, Buffer.from(data.buffer, i * dim * 4, dim * 4));
      }
    })();
    console.log(`  ${n} descriptors written to SQLite in ${fmt((performance.now() - t) / 1000, 1)} s`);

    t = performance.now();
    const cpu = process.cpuUsage();
    const record = rebuildIndex(db, dir, kind);
    const cpuUsed = process.cpuUsage(cpu);
    console.log(
      `  rebuildIndex (read SQLite, build on 1 thread, save, fsync, sha256, record): ${fmt((performance.now() - t) / 1000, 2)} s ` +
        `(CPU ${fmt((cpuUsed.user + cpuUsed.system) / 1e6, 2)} s)`,
    );
    t = performance.now();
    sha256File(join(dir, record.file));
    const shaMs = performance.now() - t;
    t = performance.now();
    const index = CoverIndex.open(db, dir, kind, (message) => console.log(`  log: ${message}`));
    const openMs = performance.now() - t;
    console.log(`  CoverIndex.open (checksum, view, delta): ${fmt(openMs, 0)} ms, of which sha256 ${fmt(shaMs, 0)} ms; mode ${index.mode}`);

    t = performance.now();
    index.search(queries.subarray(0, dim), K);
    console.log(`  first search after open: ${fmt(performance.now() - t, 2)} ms`);
    for (let q = 0; q < options.queries; q++) index.search(queries.subarray(q * dim, (q + 1) * dim), K);

    const times: number[] = [];
    let recall = 0;
    for (let q = 0; q < options.queries; q++) {
      const query = queries.subarray(q * dim, (q + 1) * dim);
      const start = performance.now();
      const hits = index.search(query, K);
      times.push(performance.now() - start);
      recall += recallAt(
        hits.map((hit) => hit.id - 1),
        truth.subarray(q * K, (q + 1) * K),
      );
    }
    times.sort((a, b) => a - b);
    console.log(
      `  search k=${K}: p50 ${fmt(quantile(times, 0.5), 3)} ms, p99 ${fmt(quantile(times, 0.99), 3)} ms, recall@10 ${(recall / options.queries).toFixed(4)}`,
    );
    const vectorTimes: number[] = [];
    for (let i = 0; i < options.queries; i++) {
      const start = performance.now();
      index.vector(1 + ((i * 7919) % n));
      vectorTimes.push(performance.now() - start);
    }
    console.log(`  vector(id) from SQLite: p50 ${fmt(median(vectorTimes), 3)} ms`);
    index.close();
  } finally {
    db.close();
  }
}

// ------------------------------------------------------------------ main

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      task: { type: 'string' },
      n: { type: 'string', default: '100000' },
      dim: { type: 'string', default: '960' },
      queries: { type: 'string', default: '200' },
      only: { type: 'string' },
      lib: { type: 'string' },
      mode: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      index: { type: 'string' },
      truth: { type: 'string' },
    },
  });
  const args = values as Record<string, string>;
  if (values.task) {
    const tasks: Record<string, (a: Record<string, string>) => unknown> = { build: childBuild, query: childQuery, damage: childDamage };
    process.stdout.write(`${JSON.stringify(tasks[values.task](args))}\n`);
    return;
  }
  const options: Options = { n: Number(values.n), dim: Number(values.dim), queries: Number(values.queries), only: values.only as Library | undefined };
  const dataset = prepareData(options);
  try {
    // Sections run in order on the same data; each prints its own figures.
    annSection(options, dataset);
    coverIndexSection(options, dataset);
  } finally {
    rmSync(dataset.dir, { recursive: true, force: true });
  }
  // A 40-track playlist from a 1,000-album library (the scan benchmark's size).
  await benchPlaylist();
}

await main();
