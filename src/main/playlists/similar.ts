import type { CoverSpace } from './cover-space.js';
import type { Seed } from './seeds.js';

export interface SimilarAlbum {
  readonly albumId: number;
  readonly artist: string;
  readonly album: string;
  /** Σ_k w_k·cos_k between the covers: 1 for identical covers. */
  readonly score: number;
}

/**
 * The k albums whose covers look most like the seed, best first. The seed
 * album itself is left out; other albums with the very same cover score 1.
 * Albums without a cover, or without a vector of every kind of the mix, are
 * skipped.
 */
export function findSimilar(space: CoverSpace, seed: Seed, k: number): SimilarAlbum[] {
  const seedId = seed.album?.id;
  return space.nearest(seed.embedding, k, (album) => album.id !== seedId).map(({ album, score }) => ({
    albumId: album.id,
    artist: album.artist,
    album: album.album,
    score,
  }));
}
