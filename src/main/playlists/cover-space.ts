import type { AlbumRow } from './library-view.js';
import { dot, norm, normalized } from './vector-math.js';

/** The part of a descriptor kind's ANN index that playlists use (index/CoverIndex fits it). */
export interface CoverSearch {
  readonly size: number;
  /** Nearest artworks by cosine, best first. */
  search(query: Float32Array, k: number, exclude?: ReadonlySet<number>): readonly { id: number; score: number }[];
  /** The stored vector of an artwork, or undefined when it has none. */
  vector(id: number): Float32Array | undefined;
}

/** One kind of a mix, with its weight (weights sum to 1) and its index. */
export interface SpaceKind {
  readonly name: string;
  readonly weight: number;
  readonly dim: number;
  readonly index: CoverSearch;
}

export interface ScoredAlbum {
  readonly album: AlbumRow;
  readonly embedding: Float64Array;
  /** Mixed cosine similarity to the target. */
  readonly score: number;
}

/**
 * Candidates fetched per kind for n wanted albums: max(n, FLOOR), times
 * MIX_FACTOR when several kinds are mixed (an album's rank in the mix can be
 * lower than in any one kind). While too few pass the filter, the fetch grows
 * by the shortfall divided by the share that passed so far.
 */
const CANDIDATE_FLOOR = 32;
const CANDIDATE_MIX_FACTOR = 2;

/**
 * The albums of a library, indexed by id and by cover: built once per
 * library state and shared by every mix (at 100,000 albums it is tens of MB).
 */
export class AlbumCatalog {
  private readonly byId = new Map<number, AlbumRow>();
  private readonly byArtwork = new Map<number, AlbumRow[]>();

  constructor(readonly albums: readonly AlbumRow[]) {
    for (const album of albums) {
      this.byId.set(album.id, album);
      if (album.artworkId === null) continue;
      const sharing = this.byArtwork.get(album.artworkId);
      if (sharing) sharing.push(album);
      else this.byArtwork.set(album.artworkId, [album]);
    }
  }

  album(id: number): AlbumRow | undefined {
    return this.byId.get(id);
  }

  /** The albums whose cover is this artwork. */
  withArtwork(artworkId: number): readonly AlbumRow[] {
    return this.byArtwork.get(artworkId) ?? NO_ALBUMS;
  }
}

const NO_ALBUMS: readonly AlbumRow[] = [];

/**
 * Album embeddings kept per mix, least recently used dropped first once
 * their bytes pass the budget: a playlist touches a few hundred albums and a
 * similarity rank samples 1,024 (15.5 MB in a mix of all three kinds), so
 * 16 MiB keeps the hits while any number of mixes stays bounded.
 * A Map iterates in insertion order: re-inserting on use keeps it LRU.
 */
export const EMBEDDING_BUDGET_BYTES = 16 * 2 ** 20;
/** An album without a usable embedding still costs its entry. */
const ENTRY_BYTES = 64;

class EmbeddingCache {
  private readonly entries = new Map<number, Float64Array | null>();
  private bytes = 0;

  constructor(private readonly budget: number) {}

  get(id: number): Float64Array | null | undefined {
    const value = this.entries.get(id);
    if (value === undefined) return undefined;
    this.entries.delete(id);
    this.entries.set(id, value);
    return value;
  }

  set(id: number, value: Float64Array | null): void {
    this.entries.set(id, value);
    this.bytes += cost(value);
    for (const [oldest, dropped] of this.entries) {
      if (this.bytes <= this.budget || oldest === id) break;
      this.entries.delete(oldest);
      this.bytes -= cost(dropped);
    }
  }
}

function cost(value: Float64Array | null): number {
  return ENTRY_BYTES + (value?.byteLength ?? 0);
}

/**
 * Covers in a mix of descriptor kinds. The similarity of two covers is
 * Σ_k w_k·cos_k(u_k, v_k). Concatenating √w_k·u_k/|u_k| over the kinds gives
 * an embedding of unit length whose dot products are exactly that mixed
 * similarity, so orderings, interpolation and diversity all work on one
 * vector per album. Candidates come from each kind's index (top-N per kind,
 * union) and are then scored exactly with the mix.
 */
export class CoverSpace {
  readonly dim: number;
  readonly catalog: AlbumCatalog;
  private readonly offsets: number[] = [];
  private readonly embeddings: EmbeddingCache;

  constructor(
    albums: AlbumCatalog | readonly AlbumRow[],
    readonly kinds: readonly SpaceKind[],
    embeddingBudgetBytes = EMBEDDING_BUDGET_BYTES,
  ) {
    let offset = 0;
    for (const kind of kinds) {
      this.offsets.push(offset);
      offset += kind.dim;
    }
    this.dim = offset;
    this.catalog = albums instanceof AlbumCatalog ? albums : new AlbumCatalog(albums);
    this.embeddings = new EmbeddingCache(embeddingBudgetBytes);
  }

  get albums(): readonly AlbumRow[] {
    return this.catalog.albums;
  }

  album(id: number): AlbumRow | undefined {
    return this.catalog.album(id);
  }

  /** The album's cover in the mix, or undefined when it has no cover or lacks a kind's vector. */
  embedAlbum(id: number): Float64Array | undefined {
    const cached = this.embeddings.get(id);
    if (cached !== undefined) return cached ?? undefined;
    const artworkId = this.catalog.album(id)?.artworkId ?? null;
    const vectors: Float32Array[] = [];
    if (artworkId !== null) {
      for (const kind of this.kinds) {
        const vector = kind.index.vector(artworkId);
        if (!vector || vector.length !== kind.dim) break;
        vectors.push(vector);
      }
    }
    const embedding = vectors.length === this.kinds.length ? this.embed(vectors) : null;
    this.embeddings.set(id, embedding);
    return embedding ?? undefined;
  }

  /** Embeds one raw vector per kind (in the mix's order), e.g. an image described on the fly. */
  embed(vectors: readonly ArrayLike<number>[]): Float64Array {
    const out = new Float64Array(this.dim);
    this.kinds.forEach((kind, k) => {
      const vector = vectors[k];
      const length = norm(vector);
      if (length === 0) return;
      const scale = Math.sqrt(kind.weight) / length;
      const offset = this.offsets[k];
      for (let i = 0; i < kind.dim; i++) out[offset + i] = scale * vector[i];
    });
    return out;
  }

  /**
   * The n albums most similar to target (a point of this space, not
   * necessarily of unit length: a mean of embeddings scores the mean
   * similarity), best first, ties by album id. `accept` filters albums out.
   */
  nearest(target: Float64Array, n: number, accept: (album: AlbumRow) => boolean = () => true): ScoredAlbum[] {
    const queries = this.kinds.map((kind, k) => {
      const block = normalized(target.subarray(this.offsets[k], this.offsets[k] + kind.dim));
      return Float32Array.from(block);
    });
    let perKind = Math.max(CANDIDATE_FLOOR, n) * (this.kinds.length > 1 ? CANDIDATE_MIX_FACTOR : 1);
    for (;;) {
      const found = new Map<number, ScoredAlbum>();
      let exhausted = true;
      this.kinds.forEach((kind, k) => {
        if (kind.index.size === 0) return;
        if (perKind < kind.index.size) exhausted = false;
        for (const hit of kind.index.search(queries[k], Math.min(perKind, kind.index.size))) {
          for (const album of this.catalog.withArtwork(hit.id)) {
            if (found.has(album.id) || !accept(album)) continue;
            const embedding = this.embedAlbum(album.id);
            if (embedding) found.set(album.id, { album, embedding, score: dot(target, embedding) });
          }
        }
      });
      if (found.size >= n || exhausted) {
        return [...found.values()].sort((a, b) => b.score - a.score || a.album.id - b.album.id).slice(0, n);
      }
      const missing = n - found.size;
      perKind += Math.max(missing, Math.ceil((missing * perKind) / Math.max(found.size, 1)));
    }
  }
}
