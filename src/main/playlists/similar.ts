import { mulberry32, sampleIndices } from '../../shared/random.js';
import type { CoverSpace } from './cover-space.js';
import type { Seed } from './seeds.js';

export interface SimilarAlbum {
  readonly albumId: number;
  readonly artist: string;
  readonly album: string;
  /** Σ_k w_k·cos_k between the covers: 1 for identical covers. */
  readonly score: number;
  /** Share of the library's other albums whose covers are less like the seed, in [0, 1]. */
  readonly closerThan: number;
}

/**
 * Albums scored to place a similarity among the library's: every album up to
 * this many, else a seeded sample of this size (the share is then within
 * about ±1/√RANK_SAMPLE, 3 points, of the exact one: enough to tell "closer
 * than 99%" from "closer than 60%", at a few milliseconds per answer).
 */
const RANK_SAMPLE = 1024;
const RANK_SEED = 1;

/**
 * The k albums whose covers look most like the seed, best first. The seed
 * album itself is left out; other albums with the very same cover score 1.
 * Albums without a cover, or without a vector of every kind of the mix, are
 * skipped. Each carries its rank in the library: a raw cosine reads "78%"
 * for a near and a far neighbour alike, the share of albums it beats does not.
 */
export function findSimilar(space: CoverSpace, seed: Seed, k: number): SimilarAlbum[] {
  const seedId = seed.album?.id;
  const hits = space.nearest(seed.embedding, k, (album) => album.id !== seedId);
  const placed = libraryScores(space, seed, seedId);
  return hits.map(({ album, score }) => ({
    albumId: album.id,
    artist: album.artist,
    album: album.album,
    score,
    closerThan: shareBelow(placed, score),
  }));
}

/**
 * The albums a rank is measured against, with their embeddings, drawn once
 * per space (a space lives until the library or the mix changes): read per
 * answer, the 1,024 embeddings pushed each other out of the space's LRU and
 * were read from SQLite again, 176 ms of a "looks like" at 100,000 albums.
 * Float32 rows: the rounding (about 1e-7 on a unit dot product) stays far
 * below TIE.
 */
interface RankSample {
  readonly albumIds: Float64Array;
  readonly embeddings: Float32Array;
}

const rankSamples = new WeakMap<CoverSpace, RankSample>();

function rankSample(space: CoverSpace): RankSample {
  const cached = rankSamples.get(space);
  if (cached) return cached;
  const albums = space.albums.filter((album) => album.artworkId !== null);
  const picked = albums.length <= RANK_SAMPLE ? albums : sampleIndices(albums.length, RANK_SAMPLE, mulberry32(RANK_SEED)).map((i) => albums[i]);
  const albumIds: number[] = [];
  const embeddings = new Float32Array(picked.length * space.dim);
  for (const album of picked) {
    const embedding = space.embedAlbum(album.id);
    if (!embedding) continue;
    embeddings.set(embedding, albumIds.length * space.dim);
    albumIds.push(album.id);
  }
  const sample = { albumIds: Float64Array.from(albumIds), embeddings: embeddings.subarray(0, albumIds.length * space.dim) };
  rankSamples.set(space, sample);
  return sample;
}

/** The seed's similarity to the library's other described albums (or a sample of them), ascending. */
function libraryScores(space: CoverSpace, seed: Seed, seedId: number | undefined): Float64Array {
  const { albumIds, embeddings } = rankSample(space);
  const dim = space.dim;
  const target = seed.embedding;
  const scores = new Float64Array(albumIds.length);
  let count = 0;
  for (let row = 0; row < albumIds.length; row++) {
    if (albumIds[row] === seedId) continue;
    let sum = 0;
    for (let i = 0, at = row * dim; i < dim; i++, at++) sum += target[i] * embeddings[at];
    scores[count++] = sum;
  }
  return scores.subarray(0, count).sort();
}

/** Scores this close are the same (float32 vectors, summed in another order): the album itself, or the very same picture. */
const TIE = 1e-5;

/**
 * Share of the scores below `score` among those that differ from it: the
 * album itself and albums with the very same cover are neither closer nor
 * farther. By binary search.
 */
function shareBelow(sorted: Float64Array, score: number): number {
  const below = lowerBound(sorted, score - TIE);
  const ties = upperBound(sorted, score + TIE) - below;
  const others = sorted.length - ties;
  return others === 0 ? 1 : below / others;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
