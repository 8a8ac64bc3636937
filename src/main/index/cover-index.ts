import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../store/db.js';
import { coarseExactSearch, quantiseRows, type CoarseCodes } from './coarse.js';
import { deltaSize, deltaTooLarge, indexDelta, type IndexDelta } from './delta.js';
import { normalised, simdExactSearch } from './exact.js';
import {
  assertKindName,
  indexFileName,
  publishFile,
  readRecord,
  readSavedDelta,
  recordVerified,
  removeLeftovers,
  saveDelta,
  sha256File,
  tempFileName,
  verifiedStamp,
  writeRecord,
  type IndexRecord,
} from './index-store.js';
import { TopK, type SearchHit } from './top-k.js';
import { IndexDimensionError, VectorIndex, type BuildProgress, type Scalar } from './vector-index.js';
import { descriptorGeneration, loadVectors, loadVectorsOf, readVector, vectorIdsAt, type IndexedKind, type KindVectors } from './vectors.js';

/**
 * A persisted similarity index over the covers of one descriptor kind.
 *
 *   const index = CoverIndex.open(db, dir, { name: 'gist', version: 1, dim: 960 }, log);
 *   index.search(query, 10, new Set([pickedId]));   // [{ id, score }], best first
 *
 * The index file (an HNSW graph) is recorded in SQLite with the ids it
 * holds. Covers added or removed since are the delta (delta.ts), worked out
 * from SQLite (and saved there until the covers change again): added covers are searched exactly beside the graph, removed
 * ones are left out of its answers. So adding an album writes no index file;
 * the file is rebuilt only when it must be: missing, damaged (checksum),
 * stale (descriptor version, storage, dimension), or when the delta has grown
 * past DELTA_LIMIT_FLOATS. The checksum is verified before usearch sees the
 * file (again whenever the file changed since it was last verified), because
 * usearch can crash the process on a damaged one.
 *
 * `open` rebuilds on the calling thread (the command line, tests); `serve`
 * never does: it answers exactly, or from the file plus the delta, and says
 * why a rebuild is due, for a worker to do (kind-indexes.ts).
 *
 * Libraries of fewer than EXACT_SEARCH_FLOATS / dim covers are searched
 * exactly (SIMD brute force over normalised vectors held in memory); larger
 * ones through the graph. Both give the same answers on all but near-ties;
 * scores are cosines.
 */

/**
 * Search is exact while covers × dim stays below this: usearch's SIMD brute
 * force then answers one query in about 1 ms on the 2-core machine
 * (bench/index-storage.ts: 5,000 gist covers 1.0 ms, 20,000 tiny 1.0 ms),
 * the goal for a search, and is right by construction. About 4,200 gist,
 * 5,900 color and 15,600 tiny covers.
 */
export const EXACT_SEARCH_FLOATS = 4_000_000;

/** How each kind's graph stores vectors: f16 for all, measured per kind (see Scalar in vector-index.ts). */
export function scalarFor(_kind: IndexedKind): Scalar {
  return 'f16';
}

export interface CoverIndexOptions {
  /** covers × dim below which search is exact (default EXACT_SEARCH_FLOATS). */
  readonly exactFloats?: number;
  /** covers changed × dim past which the file is rebuilt (default DELTA_LIMIT_FLOATS). */
  readonly deltaFloats?: number;
  /** covers × dim from which an exact search reads 8-bit codes first (coarse.ts; default EXACT_SEARCH_FLOATS). */
  readonly coarseFloats?: number;
}

export type Log = (message: string) => void;

const silent: Log = () => {};

const NOT_BUILT = 'was not built yet';

/** The message for a file (re)built on this thread or in a worker. */
export function rebuiltMessage(kind: IndexedKind, reason: string, covers: number): string {
  return `index for ${kind.name} ${reason}; ${reason === NOT_BUILT ? 'built' : 'rebuilt'} from the library (${covers} covers)`;
}

type Source =
  | { readonly exact: KindVectors; readonly coarse?: CoarseCodes }
  | { readonly graph: VectorIndex; readonly added: KindVectors; readonly removed: ReadonlySet<number> };

/** The state of a kind's file against the library. */
interface Checked {
  /** The recorded file, opened, when it can be trusted. */
  readonly graph?: VectorIndex;
  readonly delta?: IndexDelta;
  /** Covers in the library, with the graph (the file's, plus the delta). */
  readonly count?: number;
  /** Why the file must be rebuilt, if it must. */
  readonly rebuild?: string;
}

export class CoverIndex {
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly kind: IndexedKind,
    private readonly source: Source,
  ) {}

  /** Opens the index of a kind, building or rebuilding its file here when needed. */
  static open(db: Db, dir: string, kind: IndexedKind, log: Log = silent, options: CoverIndexOptions = {}): CoverIndex {
    const checked = check(db, dir, kind, options);
    if (checked.rebuild === undefined) return CoverIndex.from(db, kind, checked, options);
    const built = buildAndRecord(db, dir, kind, log);
    // An empty first index is nothing to tell: the caller says why there are no covers.
    if (built.size > 0 || checked.rebuild !== NOT_BUILT) log(rebuiltMessage(kind, checked.rebuild, built.size));
    return CoverIndex.from(db, kind, { count: built.size, graph: built.graph, delta: indexDelta(built.ids, built.ids) }, options);
  }

  /**
   * Opens the index of a kind without building anything: from the file and
   * its delta when the file can be trusted, else exactly from SQLite.
   * `rebuild` says why the file should be rebuilt, when it should.
   */
  static serve(db: Db, dir: string, kind: IndexedKind, options: CoverIndexOptions = {}): { index: CoverIndex; rebuild?: string } {
    const checked = check(db, dir, kind, options);
    return { index: CoverIndex.from(db, kind, checked, options), rebuild: checked.rebuild };
  }

  private static from(db: Db, kind: IndexedKind, checked: Checked, options: CoverIndexOptions): CoverIndex {
    const exactBelow = options.exactFloats ?? EXACT_SEARCH_FLOATS;
    if (!checked.graph || !checked.delta || checked.count === undefined || checked.count * kind.dim < exactBelow) {
      const exact = loadVectors(db, kind);
      // Searched exactly though large: its file is missing or being rebuilt.
      const coarse = exact.ids.length * kind.dim >= (options.coarseFloats ?? EXACT_SEARCH_FLOATS) ? quantiseRows(exact.vectors) : undefined;
      return new CoverIndex(db, kind, { exact, coarse });
    }
    const added = loadVectorsOf(db, kind, checked.delta.added);
    return new CoverIndex(db, kind, { graph: checked.graph, added, removed: new Set(checked.delta.removed) });
  }

  /** Number of covers searched. */
  get size(): number {
    const source = this.source;
    if ('exact' in source) return source.exact.ids.length;
    return source.graph.size - source.removed.size + source.added.ids.length;
  }

  /** How searches are answered: 'exact' (brute force), or 'approximate' (the graph, plus the delta exactly). */
  get mode(): 'exact' | 'approximate' {
    return 'exact' in this.source ? 'exact' : 'approximate';
  }

  /** Covers added or removed since the file was built (0 when searching exactly). */
  get pending(): number {
    return 'exact' in this.source ? 0 : this.source.added.ids.length + this.source.removed.size;
  }

  /**
   * The k covers most similar to `query` (any scale; it is normalised), best
   * first, scores being cosines in [-1, 1]; ids in `exclude` are left out.
   */
  search(query: Float32Array, k: number, exclude?: ReadonlySet<number>): SearchHit[] {
    this.assertOpen();
    if (query.length !== this.kind.dim) {
      throw new RangeError(`a ${this.kind.name} query has ${this.kind.dim} values, not ${query.length}`);
    }
    const unit = normalised(query);
    const excluded = exclude && exclude.size > 0 ? (id: number) => exclude.has(id) : undefined;
    const hint = exclude?.size ?? 0;
    const source = this.source;
    if ('exact' in source) {
      const { ids, vectors } = source.exact;
      return source.coarse
        ? coarseExactSearch(vectors, source.coarse, ids, unit, k, excluded, hint)
        : simdExactSearch(vectors, ids, unit, k, excluded, hint);
    }
    const { graph, added, removed } = source;
    const leftOut = removed.size === 0 ? excluded : (id: number) => removed.has(id) || (excluded?.(id) ?? false);
    const fromGraph = graph.search(unit, k, leftOut, hint);
    if (added.ids.length === 0) return fromGraph;
    const top = new TopK(k);
    for (const hit of fromGraph) top.offer(hit.id, hit.score);
    for (const hit of simdExactSearch(added.vectors, added.ids, unit, k, excluded, hint)) top.offer(hit.id, hit.score);
    return top.hits();
  }

  /** A cover's stored vector, normalised; undefined when it has none of this kind. */
  vector(id: number): Float32Array | undefined {
    this.assertOpen();
    const source = this.source;
    if (!('exact' in source)) return source.removed.has(id) ? undefined : readVector(this.db, this.kind, id);
    const row = binarySearch(source.exact.ids, id);
    if (row < 0) return undefined;
    return source.exact.vectors.slice(row * this.kind.dim, (row + 1) * this.kind.dim);
  }

  /**
   * Lets go of the index. usearch offers no explicit release: the memory map
   * goes when the garbage collector finalises it.
   */
  close(): void {
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`the ${this.kind.name} index is closed`);
  }
}

/**
 * Why the file of a kind must be rebuilt now, or undefined when it can be
 * used as it is. Asked by the writer after each change (a scan's end), it
 * also saves the file's delta for the opens that follow.
 */
export function rebuildReason(db: Db, dir: string, kind: IndexedKind, options: CoverIndexOptions = {}): string | undefined {
  return check(db, dir, kind, options, true).rebuild;
}

/**
 * Brings the persisted index of a kind up to date with the library on this
 * thread: checks it as `CoverIndex.open` does and rebuilds it, with a
 * message, when needed.
 */
export function ensureIndex(db: Db, dir: string, kind: IndexedKind, log: Log = silent, options: CoverIndexOptions = {}): void {
  const reason = rebuildReason(db, dir, kind, options);
  if (reason === undefined) return;
  const built = buildAndRecord(db, dir, kind, log);
  log(rebuiltMessage(kind, reason, built.size));
}

/**
 * Builds the index of a kind from SQLite, writes it durably and records it,
 * whatever is on disk already. Returns the new record.
 */
export function rebuildIndex(db: Db, dir: string, kind: IndexedKind, log: Log = silent, onProgress?: BuildProgress): IndexRecord {
  buildAndRecord(db, dir, kind, log, onProgress);
  const record = readRecord(db, kind.name);
  if (!record) throw new Error(`the ${kind.name} index was built but not recorded`);
  return record;
}

function buildAndRecord(
  db: Db,
  dir: string,
  kind: IndexedKind,
  log: Log,
  onProgress?: BuildProgress,
): { graph: VectorIndex; ids: Float64Array; size: number } {
  assertKindName(kind.name);
  const { ids, vectors, malformed, generation } = loadVectors(db, kind);
  if (malformed > 0) log(`ignored ${malformed} ${kind.name} descriptors of the wrong length (not ${kind.dim} values)`);
  const scalar = scalarFor(kind);
  const graph = VectorIndex.build(ids, vectors, kind.dim, scalar, onProgress);

  mkdirSync(dir, { recursive: true });
  const tempName = tempFileName(kind.name);
  const tempPath = join(dir, tempName);
  try {
    graph.save(tempPath);
    const checksum = sha256File(tempPath);
    const file = indexFileName(kind.name, kind.version, checksum);
    publishFile(dir, tempName, file);
    writeRecord(db, {
      kind: kind.name, file, count: ids.length, dim: kind.dim, version: kind.version, checksum, builtAt: Date.now(),
      fileSignature: verifiedStamp(join(dir, file), checksum), scalar, members: ids,
    });
    // Nothing changed since the vectors were read: the opens that follow need not list the ids to know it.
    // (A malformed vector is listed by id but held by no file, so then the delta is worked out.)
    if (malformed === 0) saveDelta(db, kind.name, checksum, { generation, added: new Float64Array(0), removed: new Float64Array(0) });
    removeLeftovers(dir, kind.name, file);
  } finally {
    rmSync(tempPath, { force: true });
  }
  return { graph, ids, size: ids.length };
}

function check(db: Db, dir: string, kind: IndexedKind, options: CoverIndexOptions, remember = false): Checked {
  assertKindName(kind.name);
  const record = readRecord(db, kind.name);
  if (!record) return { rebuild: NOT_BUILT };
  const opened = openRecorded(db, dir, kind, record);
  if ('problem' in opened) return { rebuild: opened.problem };
  const delta = currentDelta(db, kind, record.checksum, opened.members, remember);
  const rebuild = deltaTooLarge(delta, kind.dim, options.deltaFloats)
    ? `had ${deltaSize(delta)} covers added or removed since it was built (${delta.added.length} added, ${delta.removed.length} removed)`
    : undefined;
  return { graph: opened.graph, delta, count: opened.members.length + delta.added.length - delta.removed.length, rebuild };
}

/**
 * The covers added and removed since the file was built. Working it out
 * lists every id of the kind (50–110 ms at 100,000 covers); saved with the
 * descriptor generation it was worked out at, it is read instead by every
 * open until the kind's covers change again.
 */
function currentDelta(db: Db, kind: IndexedKind, checksum: string, members: Float64Array, remember: boolean): IndexDelta {
  const saved = readSavedDelta(db, kind.name, checksum);
  if (saved && saved.generation === descriptorGeneration(db, kind)) return saved;
  const { ids, generation } = vectorIdsAt(db, kind);
  const delta = indexDelta(ids, members);
  if (remember && !db.readonly) saveDelta(db, kind.name, checksum, { generation, ...delta });
  return delta;
}

/** The recorded file when it can be trusted, with the ids it holds; else what is wrong with it. */
function openRecorded(db: Db, dir: string, kind: IndexedKind, record: IndexRecord): { graph: VectorIndex; members: Float64Array } | { problem: string } {
  if (record.version !== kind.version) return { problem: `was stale (descriptor version ${record.version}, now ${kind.version})` };
  if (record.dim !== kind.dim) return { problem: `had the wrong dimension (${record.dim}, expected ${kind.dim})` };
  const scalar = scalarFor(kind);
  if (record.scalar !== scalar) return { problem: `stored ${record.scalar} vectors (now ${scalar})` };
  if (!record.members || record.members.length !== record.count) return { problem: 'was recorded without the covers it holds' };
  if (basename(record.file) !== record.file) return { problem: `was damaged (file name ${JSON.stringify(record.file)})` };
  const path = join(dir, record.file);
  try {
    // Hashing a large index costs more than opening it (about 0.3 s at 100,000
    // covers): a file unchanged since it was verified against the recorded
    // checksum is not hashed again.
    const stamp = verifiedStamp(path, record.checksum);
    if (stamp !== record.fileSignature) {
      if (sha256File(path) !== record.checksum) return { problem: 'was damaged (checksum mismatch)' };
      if (!db.readonly) recordVerified(db, kind.name, stamp);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: `was missing (${record.file})` };
    return { problem: `could not be read (${(error as Error).message})` };
  }
  let graph: VectorIndex;
  try {
    graph = VectorIndex.view(path, kind.dim, scalar);
  } catch (error) {
    if (error instanceof IndexDimensionError) return { problem: `had the wrong dimension (${error.message})` };
    return { problem: `could not be read (${(error as Error).message})` };
  }
  if (graph.size !== record.count) return { problem: `was damaged (${graph.size} covers in the file, ${record.count} recorded)` };
  return { graph, members: record.members };
}

function binarySearch(sorted: Float64Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] === value) return middle;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}
