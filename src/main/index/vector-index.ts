/**
 * The approximate nearest-neighbour index: an HNSW graph (Malkov & Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical
 * Navigable Small World graphs", 2016) from usearch.
 *
 * Why usearch rather than hnswlib-node (bench/similar.ts, 100,000 clustered
 * 960-d vectors, 2 cores; figures in the benchmark's output):
 *  - it builds with all cores and SIMD distances; hnswlib-node adds one point
 *    at a time from JavaScript and is compiled without AVX, so it builds many
 *    times slower;
 *  - it answers faster at the same recall, and takes typed arrays where
 *    hnswlib-node wants a 960-element JavaScript array per query;
 *  - `view` memory-maps a saved index and opens it in a fraction of the time
 *    any full load takes (the file is then paged in on demand and the pages
 *    are shared with the file cache);
 *  - it is a production dependency already; hnswlib-node is not.
 * Neither library is safe on a damaged file: both crash the process on some
 * (truncated files abort usearch's `load`; flipped bytes segfault both;
 * hnswlib-node silently accepts a file of another dimension and answers
 * garbage). So a file is only ever handed to usearch after its SHA-256
 * matched the one recorded when it was written (see cover-index.ts), and its
 * dimension is checked after opening.
 *
 * Vectors go in unit-length with the inner-product metric: for unit vectors
 * 1 − a·b is the cosine distance, so scores match exact search and a zero
 * vector scores 0 against everything, as it does there.
 */
import { Index, MetricKind, ScalarKind } from 'usearch';
import { TopK, type SearchHit } from './top-k.js';

/** Graph degree M. 16 reaches the recall goal; more only grows the file. */
export const CONNECTIVITY = 16;
/** Candidate list while inserting (efConstruction). */
export const EXPANSION_ADD = 128;
/** Candidate list while searching (ef): recall@10 ≥ 0.97 with margin at 100k. */
export const EXPANSION_SEARCH = 64;
/** Searches run on the caller's thread: one query is too small to share. */
const SEARCH_THREADS = 1;
/**
 * One thread: usearch 2.25's concurrent `add` can leave nodes that no search
 * reaches (unum-cloud/USearch issue #735, open); tight clusters of covers then
 * vanish from the answers. Built on one thread, the graph is whole.
 */
const BUILD_THREADS = 1;

export class IndexDimensionError extends Error {
  constructor(found: number, expected: number) {
    super(`the index holds ${found}-d vectors, ${expected}-d expected`);
    this.name = 'IndexDimensionError';
  }
}

function emptyIndex(dim: number): Index {
  return new Index({
    dimensions: dim,
    metric: MetricKind.IP,
    quantization: ScalarKind.F32,
    connectivity: CONNECTIVITY,
    expansion_add: EXPANSION_ADD,
    expansion_search: EXPANSION_SEARCH,
    multi: false,
  });
}

export class VectorIndex {
  private constructor(
    private readonly index: Index,
    readonly dim: number,
  ) {}

  /** Builds an index over unit-length rows; row i is stored under ids[i]. */
  static build(ids: ArrayLike<number>, vectors: Float32Array, dim: number): VectorIndex {
    const index = emptyIndex(dim);
    if (ids.length > 0) {
      const keys = new BigUint64Array(ids.length);
      for (let i = 0; i < ids.length; i++) keys[i] = BigInt(ids[i]);
      index.add(keys, vectors, BUILD_THREADS);
    }
    return new VectorIndex(index, dim);
  }

  /**
   * Memory-maps a saved index. The file must be one this process trusts
   * (checksum verified): usearch does not survive every damaged file.
   * Throws when usearch refuses it or it holds vectors of another dimension.
   */
  static view(path: string, dim: number): VectorIndex {
    const index = emptyIndex(dim);
    index.view(path);
    // usearch adopts the dimension written in the file, whatever it was built for.
    if (index.dimensions() !== dim) throw new IndexDimensionError(index.dimensions(), dim);
    return new VectorIndex(index, dim);
  }

  get size(): number {
    return this.index.size();
  }

  save(path: string): void {
    this.index.save(path);
  }

  /** True when every id is in the index. */
  containsAll(ids: ArrayLike<number>): boolean {
    if (ids.length === 0) return true;
    const keys = new BigUint64Array(ids.length);
    for (let i = 0; i < ids.length; i++) keys[i] = BigInt(ids[i]);
    const found = this.index.contains(keys) as boolean[];
    return found.every(Boolean);
  }

  /**
   * The k nearest ids to a unit-length query, best first (ties to the lower
   * id), leaving out `exclude`. Excluded ids may be among the nearest, so as
   * many more are asked for.
   */
  search(query: Float32Array, k: number, exclude?: ReadonlySet<number>): SearchHit[] {
    const size = this.size;
    const wanted = Math.min(size, k + (exclude?.size ?? 0));
    if (wanted === 0 || k === 0) return [];
    const found = this.index.search(query, wanted, SEARCH_THREADS);
    const top = new TopK(k);
    for (let i = 0; i < found.keys.length; i++) {
      const id = Number(found.keys[i]);
      if (!exclude?.has(id)) top.offer(id, 1 - found.distances[i]);
    }
    return top.hits();
  }
}
