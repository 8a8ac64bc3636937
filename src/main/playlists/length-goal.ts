import { PlaylistError } from './errors.js';
import type { LengthGoal } from './types.js';

/** Checks a length goal given by the user: a whole number of tracks ≥ 1, or a positive running time. */
export function checkLengthGoal(goal: LengthGoal): LengthGoal {
  if ('tracks' in goal) {
    if (!Number.isInteger(goal.tracks) || goal.tracks < 1) {
      throw new PlaylistError(`The length must be a whole number of tracks of at least 1 (got ${goal.tracks}).`);
    }
  } else if (!Number.isFinite(goal.seconds) || goal.seconds <= 0) {
    throw new PlaylistError(`The running time must be a positive number of minutes (got ${goal.seconds / 60}).`);
  }
  return goal;
}

export function checkTracksPerAlbum(value: number | 'all'): number | 'all' {
  if (value !== 'all' && (!Number.isInteger(value) || value < 1)) {
    throw new PlaylistError(`Tracks per album must be a whole number of at least 1 (got ${value}).`);
  }
  return value;
}
