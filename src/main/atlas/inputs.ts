/**
 * What a map is computed from: every album with a cover described by each
 * kind of the mix, as one unit-length embedding per album. As in the
 * playlists' cover space (playlists/cover-space.ts), the embedding
 * concatenates √w_k·u_k/|u_k| over the kinds, so its dot products are the
 * mixed cosine similarity Σ_k w_k·cos_k and Euclidean distances rank
 * neighbours the same way.
 */
import { SleeveError } from '../../shared/errors.js';
import type { KindWeight } from '../../shared/mix.js';
import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { LEARNED_KIND } from '../artwork/learned-projection.js';
import { currentLearnedKind } from '../index/learned-vectors.js';
import { loadVectors, type IndexedKind } from '../index/vectors.js';
import { loadAtlasAlbums, type AtlasKindRecord } from '../store/atlas-store.js';
import type { Db } from '../store/db.js';

export interface AtlasInputs {
  readonly kinds: readonly AtlasKindRecord[];
  /** Albums placed, ascending; artworkIds[i] is album i's cover. */
  readonly albumIds: readonly number[];
  readonly artworkIds: readonly number[];
  /** albumIds.length rows of dim values. */
  readonly vectors: Float32Array;
  readonly dim: number;
}

/** The mix's kinds at their current versions; refuses a kind with no described cover. */
export function resolveAtlasKinds(db: Db, mix: readonly KindWeight[]): AtlasKindRecord[] {
  return mix.map(({ name, weight }) => {
    const kind: IndexedKind | null =
      DESCRIPTOR_KINDS.find((k) => k.name === name) ?? (name === LEARNED_KIND ? currentLearnedKind(db) : null);
    if (!kind) {
      throw new SleeveError(
        'unavailable',
        name === LEARNED_KIND ? 'There is no learned kind yet (or its inputs changed since it was fitted): fit it first.' : `Unknown descriptor kind "${name}".`,
      );
    }
    return { name: kind.name, version: kind.version, dim: kind.dim, weight };
  });
}

export function loadAtlasInputs(db: Db, kinds: readonly AtlasKindRecord[]): AtlasInputs {
  const loaded = kinds.map((kind) => {
    const vectors = loadVectors(db, kind);
    const rowOf = new Map<number, number>();
    vectors.ids.forEach((id, row) => rowOf.set(id, row));
    return { kind, vectors, rowOf };
  });
  const dim = kinds.reduce((sum, kind) => sum + kind.dim, 0);
  const albumIds: number[] = [];
  const artworkIds: number[] = [];
  const albums = loadAtlasAlbums(db);
  for (const album of albums) {
    if (album.artworkId === null) continue;
    if (!loaded.every(({ rowOf }) => rowOf.has(album.artworkId as number))) continue;
    albumIds.push(album.id);
    artworkIds.push(album.artworkId);
  }
  const vectors = new Float32Array(albumIds.length * dim);
  artworkIds.forEach((artworkId, i) => {
    let offset = i * dim;
    for (const { kind, vectors: kv, rowOf } of loaded) {
      const row = rowOf.get(artworkId) as number;
      const scale = Math.sqrt(kind.weight);
      // Rows are unit length already (or all zeros for a blank picture).
      for (let d = 0; d < kind.dim; d++) vectors[offset + d] = scale * kv.vectors[row * kind.dim + d];
      offset += kind.dim;
    }
  });
  if (albumIds.length === 0 && albums.length > 0) {
    throw new SleeveError('unavailable', `No cover is described by ${kinds.map((k) => k.name).join(' and ')} yet: scan the library first.`);
  }
  return { kinds, albumIds, artworkIds, vectors, dim };
}
