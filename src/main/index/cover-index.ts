import { mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../store/db.js';
import { exactSearch, normalised } from './exact.js';
import {
  assertKindName,
  indexFileName,
  publishFile,
  readRecord,
  recordVerified,
  removeLeftovers,
  sha256File,
  tempFileName,
  verifiedStamp,
  writeRecord,
  type IndexRecord,
} from './index-store.js';
import type { SearchHit } from './top-k.js';
import { IndexDimensionError, VectorIndex } from './vector-index.js';
import { countMalformed, loadVectors, readVector, vectorIds, type IndexedKind, type KindVectors } from './vectors.js';

/**
 * A persisted similarity index over the covers of one descriptor kind.
 *
 *   const index = CoverIndex.open(db, dir, { name: 'gist', version: 1, dim: 960 }, log);
 *   index.search(query, 10, new Set([pickedId]));   // [{ id, score }], best first
 *
 * `open` trusts nothing on disk: the index is rebuilt from the descriptors in
 * SQLite, with a message through `log`, when its record or file is missing,
 * stale (other descriptor version, other covers), damaged (checksum) or of
 * the wrong dimension. The checksum is verified before usearch sees the file
 * (again whenever the file changed since it was last verified),
 * because usearch can crash the process on a damaged one.
 *
 * Libraries below EXACT_SEARCH_BELOW covers are searched exactly (brute force
 * over normalised vectors held in memory); larger ones through the HNSW graph.
 * Both give the same answers on all but near-ties; scores are cosines.
 */

/**
 * Below this many covers search is exact: a brute-force scan then costs about
 * 0.7 ms at 960-d (bench/similar.ts), under the 1 ms goal, and is right by construction.
 */
export const EXACT_SEARCH_BELOW = 1000;

export interface CoverIndexOptions {
  /** Covers below which search is exact (default EXACT_SEARCH_BELOW). */
  readonly exactBelow?: number;
}

export type Log = (message: string) => void;

const silent: Log = () => {};

export class CoverIndex {
  private closed = false;

  private constructor(
    private readonly db: Db,
    readonly kind: IndexedKind,
    private readonly graph: VectorIndex,
    /** Set when searching exactly. */
    private readonly exact: KindVectors | undefined,
  ) {}

  /** Opens the index of a kind, building or rebuilding it when needed. */
  static open(db: Db, dir: string, kind: IndexedKind, log: Log = silent, options: CoverIndexOptions = {}): CoverIndex {
    const graph = ensureGraph(db, dir, kind, log);
    const exact = graph.size < (options.exactBelow ?? EXACT_SEARCH_BELOW) ? loadVectors(db, kind) : undefined;
    return new CoverIndex(db, kind, graph, exact);
  }

  /** Number of covers indexed. */
  get size(): number {
    return this.exact ? this.exact.ids.length : this.graph.size;
  }

  /** How searches are answered: 'exact' below the threshold, else 'approximate'. */
  get mode(): 'exact' | 'approximate' {
    return this.exact ? 'exact' : 'approximate';
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
    if (this.exact) return exactSearch(this.exact.vectors, this.exact.ids, unit, k, exclude);
    return this.graph.search(unit, k, exclude);
  }

  /** A cover's stored vector, normalised; undefined when it has none of this kind. */
  vector(id: number): Float32Array | undefined {
    this.assertOpen();
    if (!this.exact) return readVector(this.db, this.kind, id);
    const row = binarySearch(this.exact.ids, id);
    if (row < 0) return undefined;
    return this.exact.vectors.slice(row * this.kind.dim, (row + 1) * this.kind.dim);
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
 * Brings the persisted index of a kind up to date with the library: checks
 * it as `CoverIndex.open` does and rebuilds it, with a message, when needed.
 */
export function ensureIndex(db: Db, dir: string, kind: IndexedKind, log: Log = silent): void {
  ensureGraph(db, dir, kind, log);
}

function ensureGraph(db: Db, dir: string, kind: IndexedKind, log: Log): VectorIndex {
  assertKindName(kind.name);
  const record = readRecord(db, kind.name);
  const checked = record ? openRecorded(db, dir, kind, record, vectorIds(db, kind)) : { problem: 'was not built yet' };
  if ('graph' in checked) return checked.graph;
  const graph = buildAndRecord(db, dir, kind, log);
  log(`index for ${kind.name} ${checked.problem}; ${record ? 'rebuilt' : 'built'} from the library (${graph.size} covers)`);
  return graph;
}

/**
 * Builds the index of a kind from SQLite, writes it durably and records it,
 * whatever is on disk already. Returns the new record.
 */
export function rebuildIndex(db: Db, dir: string, kind: IndexedKind, log: Log = silent): IndexRecord {
  assertKindName(kind.name);
  buildAndRecord(db, dir, kind, log);
  const record = readRecord(db, kind.name);
  if (!record) throw new Error(`the ${kind.name} index was built but not recorded`);
  return record;
}

function buildAndRecord(db: Db, dir: string, kind: IndexedKind, log: Log): VectorIndex {
  const malformed = countMalformed(db, kind);
  if (malformed > 0) log(`ignored ${malformed} ${kind.name} descriptors of the wrong length (not ${kind.dim} values)`);
  const { ids, vectors } = loadVectors(db, kind);
  const graph = VectorIndex.build(ids, vectors, kind.dim);

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
      fileSignature: verifiedStamp(join(dir, file), checksum),
    });
    removeLeftovers(dir, kind.name, file);
  } finally {
    rmSync(tempPath, { force: true });
  }
  return graph;
}

/** The recorded index when it can be trusted, else what is wrong with it. */
function openRecorded(
  db: Db,
  dir: string,
  kind: IndexedKind,
  record: IndexRecord,
  ids: Float64Array,
): { graph: VectorIndex } | { problem: string } {
  if (record.version !== kind.version) return { problem: `was stale (descriptor version ${record.version}, now ${kind.version})` };
  if (record.dim !== kind.dim) return { problem: `had the wrong dimension (${record.dim}, expected ${kind.dim})` };
  if (record.count !== ids.length) return { problem: `was stale (${record.count} covers indexed, ${ids.length} in the library)` };
  if (basename(record.file) !== record.file) return { problem: `was damaged (file name ${JSON.stringify(record.file)})` };
  const path = join(dir, record.file);
  try {
    // Hashing a large index costs more than opening it (about 0.3 s at 100,000
    // covers): a file unchanged since it was verified against the recorded
    // checksum is not hashed again.
    const stamp = verifiedStamp(path, record.checksum);
    if (stamp !== record.fileSignature) {
      if (sha256File(path) !== record.checksum) return { problem: 'was damaged (checksum mismatch)' };
      recordVerified(db, kind.name, stamp);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problem: `was missing (${record.file})` };
    return { problem: `could not be read (${(error as Error).message})` };
  }
  let graph: VectorIndex;
  try {
    graph = VectorIndex.view(path, kind.dim);
  } catch (error) {
    if (error instanceof IndexDimensionError) return { problem: `had the wrong dimension (${error.message})` };
    return { problem: `could not be read (${(error as Error).message})` };
  }
  if (graph.size !== record.count) return { problem: `was damaged (${graph.size} covers in the file, ${record.count} recorded)` };
  if (!graph.containsAll(ids)) return { problem: 'was stale (the covers changed)' };
  return { graph };
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
