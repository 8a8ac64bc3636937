import type { Db } from '../store/db.js';
import { pickTracks, TrackBudget } from './budget.js';
import type { CoverSpace, ScoredAlbum } from './cover-space.js';
import { PlaylistError } from './errors.js';
import { checkTracksPerAlbum } from './length-goal.js';
import { loadAlbumTracks, type AlbumRow, type TrackRow } from './library-view.js';
import { mulberry32 } from '../../shared/random.js';
import type { Seed } from './seeds.js';
import type { Playlist, PlaylistAlbum } from './types.js';
import { dot, normalized, slerp } from './vector-math.js';

export interface JourneyOptions {
  /** Number of tracks, at least 2 (A first, B last). */
  readonly tracks: number;
  /** Tracks taken from each album along the way (default 1: one step, one track). */
  readonly tracksPerAlbum?: number;
  readonly randomSeed: number;
}

/** Below this angle (radians) two covers are one point: there is no direction to order the steps by. */
const SAME_COVER_ANGLE = 1e-9;

/**
 * A journey from album A to album B: n stops, A first and B last, the stops
 * between taken at t = i/(n−1) along the great circle from A's cover to B's
 * (slerp, so the steps are of equal angle); each stop is the unused album
 * nearest that point. The stops are then ordered by their angular progress
 * from A towards B so that the covers never step back.
 */
export function buildJourney(db: Db, space: CoverSpace, from: Seed, to: Seed, options: JourneyOptions): Playlist {
  const a = endpoint(from, 'start');
  const b = endpoint(to, 'end');
  if (a.id === b.id) throw new PlaylistError('A journey needs two different albums.');
  if (!Number.isInteger(options.tracks) || options.tracks < 2) {
    throw new PlaylistError(`A journey needs a length of at least 2 tracks, the start first and the end last (got ${options.tracks}).`);
  }
  const perAlbum = checkTracksPerAlbum(options.tracksPerAlbum ?? 1) as number;
  const stops = Math.max(2, Math.ceil(options.tracks / perAlbum));

  const used = new Set([a.id, b.id]);
  const between: ScoredAlbum[] = [];
  for (let i = 1; i < stops - 1; i++) {
    const target = slerp(from.embedding, to.embedding, i / (stops - 1));
    const [nearest] = space.nearest(target, 1, (album) => !used.has(album.id));
    if (!nearest) break;
    used.add(nearest.album.id);
    between.push(nearest);
  }
  const progress = progressAlong(from.embedding, to.embedding);
  if (progress) between.sort((x, y) => progress(x.embedding) - progress(y.embedding));

  const route: { album: AlbumRow; score: number }[] = [{ album: a, score: 1 }, ...between, { album: b, score: 1 }];
  const random = mulberry32(options.randomSeed);
  const unlimited = new TrackBudget({ tracks: Number.POSITIVE_INFINITY });
  const tracksOf = loadAlbumTracks(
    db,
    route.map((stop) => stop.album.id),
  );
  const picked = route.map((stop) => pickTracks(tracksOf.get(stop.album.id) ?? [], perAlbum, unlimited, random));
  trimToLength(picked, options.tracks);
  const albums: PlaylistAlbum[] = route.map((stop, i) => ({
    album: stop.album,
    score: stop.score,
    seed: i === 0 || i === route.length - 1,
    tracks: picked[i],
  }));
  return { albums, tracks: picked.flat(), randomSeed: options.randomSeed };
}

function endpoint(seed: Seed, role: 'start' | 'end'): AlbumRow {
  if (!seed.album) throw new PlaylistError(`The ${role} of a journey must be an album of the library, not an image (${seed.label}).`);
  return seed.album;
}

/**
 * The angle of v's projection on the plane of a and b, measured from a
 * towards b: atan2(v·e2, v·e1) with e1 = a, e2 = b − (a·b)a normalised.
 * Undefined when a and b are the same point.
 */
function progressAlong(a: Float64Array, b: Float64Array): ((v: Float64Array) => number) | undefined {
  const cosine = dot(a, b);
  if (Math.acos(Math.min(1, Math.max(-1, cosine))) < SAME_COVER_ANGLE) return undefined;
  const e2 = normalized(b.map((value, i) => value - cosine * a[i]));
  return (v) => Math.atan2(dot(v, e2), dot(v, a));
}

/**
 * Drops tracks over the length from the stops just before B, backwards,
 * leaving every stop at least one track. The excess is below one album's share.
 */
function trimToLength(stops: TrackRow[][], length: number): void {
  let excess = stops.reduce((sum, tracks) => sum + tracks.length, 0) - length;
  for (let i = stops.length - 2; i >= 0 && excess > 0; i--) {
    const drop = Math.min(excess, stops[i].length - 1);
    stops[i].splice(stops[i].length - drop, drop);
    excess -= drop;
  }
}
