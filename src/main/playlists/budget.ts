import type { TrackRow } from './library-view.js';
import { foldName } from './names.js';
import { permutation, type Random } from '../../shared/random.js';
import type { LengthGoal } from './types.js';

/** A typical track length: unknown durations count this long towards a running-time goal. */
export const TYPICAL_TRACK_SECONDS = 240;

/**
 * What is left to fill: the length goal and the cap of tracks per artist.
 * A running-time goal is met once reached (the last track may run past it).
 */
export class TrackBudget {
  private count = 0;
  private seconds = 0;
  private readonly perArtist = new Map<string, number>();

  constructor(
    private readonly goal: LengthGoal,
    private readonly maxPerArtist = Number.POSITIVE_INFINITY,
  ) {}

  get full(): boolean {
    return 'tracks' in this.goal ? this.count >= this.goal.tracks : this.seconds >= this.goal.seconds;
  }

  allows(track: TrackRow): boolean {
    return !this.full && (this.perArtist.get(foldName(track.artist)) ?? 0) < this.maxPerArtist;
  }

  add(track: TrackRow): void {
    const key = foldName(track.artist);
    this.perArtist.set(key, (this.perArtist.get(key) ?? 0) + 1);
    this.count += 1;
    this.seconds += track.duration ?? TYPICAL_TRACK_SECONDS;
  }
}

/**
 * Takes up to perAlbum tracks of one album ('all' for the whole album) that
 * the budget allows and that are not by an excluded artist. Which tracks is a
 * seeded random choice; the chosen ones keep the album's running order.
 */
export function pickTracks(
  albumTracks: readonly TrackRow[],
  perAlbum: number | 'all',
  budget: TrackBudget,
  random: Random,
  excludedArtists: ReadonlySet<string> = new Set(),
): TrackRow[] {
  const wanted = perAlbum === 'all' ? albumTracks.length : perAlbum;
  const order =
    perAlbum === 'all' ? albumTracks.map((_, i) => i) : permutation(albumTracks.length, random);
  const taken: number[] = [];
  for (const i of order) {
    if (taken.length >= wanted) break;
    const track = albumTracks[i];
    if (excludedArtists.has(foldName(track.artist)) || !budget.allows(track)) continue;
    budget.add(track);
    taken.push(i);
  }
  return taken.sort((a, b) => a - b).map((i) => albumTracks[i]);
}
