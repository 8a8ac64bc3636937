import type { Db } from '../store/db.js';
import { pickTracks, TrackBudget, TYPICAL_TRACK_SECONDS } from './budget.js';
import type { CoverSpace, ScoredAlbum } from './cover-space.js';
import { PlaylistError } from './errors.js';
import { checkLengthGoal, checkTracksPerAlbum } from './length-goal.js';
import { loadAlbumTracks, type AlbumRow, type TrackRow } from './library-view.js';
import { MmrSelector } from './mmr.js';
import { foldName } from './names.js';
import { mulberry32 } from '../../shared/random.js';
import type { Seed } from './seeds.js';
import { shortPath } from './tour.js';
import type { LengthGoal, Playlist, PlaylistAlbum } from './types.js';
import { dot, mean, normalized } from './vector-math.js';

export interface PlaylistOptions {
  readonly length: LengthGoal;
  /** Tracks taken from each album, or 'all' for whole albums. */
  readonly tracksPerAlbum?: number | 'all';
  /** Start with the seed albums' own tracks (default true). */
  readonly seedTracks?: boolean;
  /** At most this many tracks by one artist (the track's artist, else the album's). */
  readonly maxPerArtist?: number;
  /** Leave out other albums and tracks by the seeds' artists (the seeds' own tracks stay). */
  readonly excludeSeedArtist?: boolean;
  /** Maximal marginal relevance λ in [0, 1]: 1 = closest covers only, lower = more varied. */
  readonly lambda?: number;
  readonly randomSeed: number;
}

export const DEFAULT_TRACKS_PER_ALBUM = 3;
export const DEFAULT_LAMBDA = 0.7;
/** Assumed album size when estimating how many whole albums a goal needs. */
const TYPICAL_ALBUM_TRACKS = 10;
/** Candidate albums fetched: POOL_FACTOR × the albums the goal needs (at least POOL_FLOOR), ×POOL_GROWTH when used up. */
const POOL_FACTOR = 3;
const POOL_FLOOR = 16;
const POOL_GROWTH = 4;

/**
 * A sounds-like-it-looks playlist. Albums are ranked by similarity to the
 * seeds — with several seeds, the mean of the similarities to each (the dot
 * product with the mean of their embeddings) — and picked by maximal
 * marginal relevance; tracks are taken from each picked album until the
 * length goal is met. The seeds' tracks come first, then the other albums
 * in a short path through cover space, each album's tracks together.
 */
export function buildPlaylist(db: Db, space: CoverSpace, seeds: readonly Seed[], options: PlaylistOptions): Playlist {
  if (seeds.length === 0) throw new PlaylistError('A playlist needs at least one seed album or image.');
  const goal = checkLengthGoal(options.length);
  const perAlbum = checkTracksPerAlbum(options.tracksPerAlbum ?? DEFAULT_TRACKS_PER_ALBUM);
  const lambda = options.lambda ?? DEFAULT_LAMBDA;
  if (!(lambda >= 0 && lambda <= 1)) throw new PlaylistError(`Diversity must lie between 0 and 1 (got ${1 - lambda}).`);
  const maxPerArtist = options.maxPerArtist ?? Number.POSITIVE_INFINITY;
  if (!(maxPerArtist >= 1) || (Number.isFinite(maxPerArtist) && !Number.isInteger(maxPerArtist))) {
    throw new PlaylistError(`The cap per artist must be a whole number of at least 1 (got ${maxPerArtist}).`);
  }

  const random = mulberry32(options.randomSeed);
  const budget = new TrackBudget(goal, maxPerArtist);
  const query = mean(seeds.map((seed) => seed.embedding));
  const seedAlbums = albumSeeds(seeds);
  const seen = new Set(seedAlbums.map((seed) => seed.album.id));
  const excludedArtists = new Set(
    options.excludeSeedArtist ? seedAlbums.map((seed) => foldName(seed.album.artist)) : [],
  );

  const seedPart: PlaylistAlbum[] = [];
  let start = normalized(query);
  if (options.seedTracks ?? true) {
    const tracks = loadAlbumTracks(db, [...seen]);
    for (const { album, embedding } of seedAlbums) {
      const picked = pickTracks(tracks.get(album.id) ?? [], perAlbum, budget, random);
      if (picked.length === 0) continue;
      seedPart.push({ album, score: dot(query, embedding), seed: true, tracks: picked });
      start = embedding;
    }
  }

  const selector = new MmrSelector<ScoredAlbum>(lambda);
  const tracksOf = new Map<number, TrackRow[]>();
  const accept = (album: AlbumRow) => !seen.has(album.id) && !excludedArtists.has(foldName(album.artist));
  let poolSize = Math.max(POOL_FLOOR, POOL_FACTOR * albumsNeeded(goal, perAlbum));
  let exhausted = false;
  const chosen: PlaylistAlbum[] = [];
  const chosenEmbeddings: Float64Array[] = [];
  while (!budget.full) {
    const next = selector.next();
    if (!next) {
      if (exhausted) break;
      const fresh = space.nearest(query, poolSize, accept);
      exhausted = fresh.length < poolSize;
      for (const candidate of fresh) seen.add(candidate.album.id);
      for (const [id, tracks] of loadAlbumTracks(db, fresh.map((candidate) => candidate.album.id))) tracksOf.set(id, tracks);
      selector.add(fresh);
      poolSize *= POOL_GROWTH;
      continue;
    }
    const picked = pickTracks(tracksOf.get(next.album.id) ?? [], perAlbum, budget, random, excludedArtists);
    if (picked.length === 0) continue;
    selector.select(next);
    chosen.push({ album: next.album, score: next.score, seed: false, tracks: picked });
    chosenEmbeddings.push(next.embedding);
  }

  const albums = [...seedPart, ...shortPath(start, chosenEmbeddings).map((i) => chosen[i])];
  const tracks = albums.flatMap((album) => album.tracks);
  if (tracks.length === 0) throw new PlaylistError('No tracks fit these options: try fewer restrictions.');
  return { albums, tracks, randomSeed: options.randomSeed };
}

function albumsNeeded(goal: LengthGoal, perAlbum: number | 'all'): number {
  const tracks = 'tracks' in goal ? goal.tracks : goal.seconds / TYPICAL_TRACK_SECONDS;
  return Math.ceil(tracks / (perAlbum === 'all' ? TYPICAL_ALBUM_TRACKS : perAlbum));
}

/** The seeds that are albums, each once, in the order given. */
function albumSeeds(seeds: readonly Seed[]): (Seed & { readonly album: AlbumRow })[] {
  const albums = new Map<number, Seed & { readonly album: AlbumRow }>();
  for (const seed of seeds) if (seed.album && !albums.has(seed.album.id)) albums.set(seed.album.id, { ...seed, album: seed.album });
  return [...albums.values()];
}
