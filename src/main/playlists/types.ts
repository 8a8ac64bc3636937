import type { AlbumRow, TrackRow } from './library-view.js';

/** One album of a playlist with the tracks taken from it, in playing order. */
export interface PlaylistAlbum {
  readonly album: AlbumRow;
  /** Similarity of its cover to the seed(s) (for a journey: to the step's target). */
  readonly score: number;
  readonly seed: boolean;
  readonly tracks: readonly TrackRow[];
}

export interface Playlist {
  readonly albums: readonly PlaylistAlbum[];
  readonly tracks: readonly TrackRow[];
  /** The seed of the random choices: the same inputs and seed give the same playlist. */
  readonly randomSeed: number;
}

/** How long a playlist should be: a number of tracks, or a running time. */
export type LengthGoal = { readonly tracks: number } | { readonly seconds: number };
