/**
 * The approximate nearest-neighbour index: an HNSW graph (Malkov & Yashunin,
 * "Efficient and robust approximate nearest neighbor search using Hierarchical
 * Navigable Small World graphs", 2016) from usearch.
 *
 * Why usearch rather than hnswlib-node — bench/similar.ts on 100,000 clustered
 * 960-d vectors, both at M 16, efConstruction 128, ef 64, on 2 busy cores:
 *  - opening: usearch's `view` memory-maps the file in 34–73 ms; hnswlib-node
 *    can only read the whole 380 MB into memory, 3.4 s (usearch `load`:
 *    1.5–2.6 s). Only `view` meets the 200 ms goal;
 *  - otherwise a draw: recall@10 0.995 vs 0.994, query p50 0.75–0.90 ms vs
 *    0.61 ms, build CPU 85 s vs 98 s, the same file size;
 *  - it takes typed arrays, where hnswlib-node wants a JavaScript array of 960
 *    numbers for every insert and every query;
 *  - it is a production dependency already; hnswlib-node is a dev one.
 * Neither is safe on a damaged file. usearch `load` aborts the process on a
 * truncated file; flipped bytes in the graph segfault it under `load` and
 * `view` alike (7 of 12 trials); hnswlib-node segfaults too, answers garbage
 * silently after other flips, and opens a file of another dimension without
 * a word. So a file goes to usearch only after its SHA-256 matched the one
 * recorded when it was written (cover-index.ts), and its dimension is checked
 * after opening (usearch adopts whatever the file says).
 *
 * Vectors go in unit-length with the inner-product metric: for unit vectors
 * 1 − a·b is the cosine distance, so scores match exact search and a zero
 * vector scores 0 against everything, as it does there.
 */
import { Index, MetricKind, ScalarKind } from 'usearch';
import { TopK, type SearchHit } from './top-k.js';

/** Graph degree M (usearch calls it connectivity): the usual 16 meets the recall goal. */
export const CONNECTIVITY = 16;
/**
 * Candidate list while inserting (efConstruction). The build is most of a
 * full rebuild's time, but lower values cost more than recall.
 * bench/index-storage.ts --part construction, 100,000 clustered 960-d gist
 * covers, f16, one thread, searched at ef 64, on the 2-core machine:
 *   efConstruction  build CPU  recall@10
 *        64           78 s       0.985
 *        48           60 s       0.984
 *        40           56 s       0.971
 *        32           46 s       0.958
 * 48 would meet the recall goal, but in libraries of tight clusters of ten
 * near-identical covers (test/index: 1,200 and 1,500 covers, f16) it leaves
 * 1 and 11 covers that no search reaches, not even their own; 40 leaves 17
 * and 23; 64 leaves none. Duplicated covers (editions, box sets) are common.
 */
export const EXPANSION_ADD = 64;
/** Candidate list while searching (ef): in the same run recall@10 0.985 at p50 0.91 ms (ef 48: 0.975, 0.80 ms; ef 96: 0.989, 1.14 ms). */
export const EXPANSION_SEARCH = 64;
/** Searches run on the caller's thread: one query is too small to share. */
const SEARCH_THREADS = 1;
/**
 * One thread: usearch 2.25's concurrent `add` can leave nodes that no search
 * reaches (unum-cloud/USearch issue #735, open); tight clusters of covers then
 * vanish from the answers. Built on one thread, the graph is whole.
 */
const BUILD_THREADS = 1;

/**
 * How a graph stores its vectors. bench/index-storage.ts at 100,000 clustered
 * covers per kind, recall@10 against exact search (f32 / f16 / i8):
 *   tiny  256-d  0.989 / 0.991 / 0.721   file  112 / 63 / 39 MB
 *   gist  960-d  0.987 / 0.989 / 0.662   file  380 / 197 / 106 MB
 *   color 677-d  0.990 / 0.987 / 0.639   file  272 / 143 / 79 MB
 * f16 keeps f32's recall at about half the file, memory and build CPU, and
 * searches as fast or faster (less to read), so every kind uses it. i8 loses
 * a third of the recall: usearch scales unit vectors' small components onto
 * a few integer steps. Scores from the graph are good to about 1e-3; the
 * playlists score their candidates again from the float32 vectors in SQLite.
 */
export type Scalar = 'f32' | 'f16' | 'i8';

const SCALAR_KINDS: Record<Scalar, ScalarKind> = { f32: ScalarKind.F32, f16: ScalarKind.F16, i8: ScalarKind.I8 };

/** Covers added per call while building, so that progress can be told. */
const BUILD_CHUNK = 1024;

export class IndexDimensionError extends Error {
  constructor(found: number, expected: number) {
    super(`the index holds ${found}-d vectors, ${expected}-d expected`);
    this.name = 'IndexDimensionError';
  }
}

function emptyIndex(dim: number, scalar: Scalar): Index {
  return new Index({
    dimensions: dim,
    metric: MetricKind.IP,
    quantization: SCALAR_KINDS[scalar],
    connectivity: CONNECTIVITY,
    expansion_add: EXPANSION_ADD,
    expansion_search: EXPANSION_SEARCH,
    multi: false,
  });
}

export type BuildProgress = (done: number, total: number) => void;

export class VectorIndex {
  private constructor(
    private readonly index: Index,
    readonly dim: number,
  ) {}

  /** Builds an index over unit-length rows; row i is stored under ids[i]. */
  static build(ids: ArrayLike<number>, vectors: Float32Array, dim: number, scalar: Scalar = 'f32', onProgress?: BuildProgress): VectorIndex {
    const index = emptyIndex(dim, scalar);
    for (let start = 0; start < ids.length; start += BUILD_CHUNK) {
      const end = Math.min(ids.length, start + BUILD_CHUNK);
      const keys = new BigUint64Array(end - start);
      for (let i = start; i < end; i++) keys[i - start] = BigInt(ids[i]);
      index.add(keys, vectors.subarray(start * dim, end * dim), BUILD_THREADS);
      onProgress?.(end, ids.length);
    }
    return new VectorIndex(index, dim);
  }

  /**
   * Memory-maps a saved index. The file must be one this process trusts
   * (checksum verified): usearch does not survive every damaged file.
   * Throws when usearch refuses it or it holds vectors of another dimension.
   */
  static view(path: string, dim: number, scalar: Scalar = 'f32'): VectorIndex {
    const index = emptyIndex(dim, scalar);
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
   * id), leaving out ids for which `leftOut` is true. Left-out ids may be
   * among the nearest: `leftOutHint` more are asked for, and the search is
   * widened while too few remain.
   */
  search(query: Float32Array, k: number, leftOut?: (id: number) => boolean, leftOutHint = 0): SearchHit[] {
    const size = this.size;
    if (size === 0 || k === 0) return [];
    let wanted = Math.min(size, k + leftOutHint);
    for (;;) {
      const found = this.index.search(query, wanted, SEARCH_THREADS);
      const top = new TopK(k);
      let kept = 0;
      for (let i = 0; i < found.keys.length; i++) {
        const id = Number(found.keys[i]);
        if (leftOut?.(id)) continue;
        top.offer(id, 1 - found.distances[i]);
        kept++;
      }
      if (kept >= k || wanted >= size) return top.hits();
      wanted = Math.min(size, 2 * wanted);
    }
  }
}
