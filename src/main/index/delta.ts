/**
 * What changed in a kind's covers since its index file was built: the ids
 * the library has now (SQLite, the truth) against the ids the file holds
 * (recorded with it). Nothing else is stored, so there is no delta file that
 * a crash could leave half-written: an update of the library is one SQLite
 * transaction, and the next open reads the delta from the data.
 */
export interface IndexDelta {
  /** Ids in the library but not in the file, ascending. */
  readonly added: Float64Array;
  /** Ids in the file but no longer in the library, ascending. */
  readonly removed: Float64Array;
}

/** Both arrays ascending: one merge pass. */
export function indexDelta(current: ArrayLike<number>, members: ArrayLike<number>): IndexDelta {
  const added: number[] = [];
  const removed: number[] = [];
  let i = 0;
  let j = 0;
  while (i < current.length || j < members.length) {
    if (j >= members.length || (i < current.length && current[i] < members[j])) added.push(current[i++]);
    else if (i >= current.length || members[j] < current[i]) removed.push(members[j++]);
    else {
      i++;
      j++;
    }
  }
  return { added: Float64Array.from(added), removed: Float64Array.from(removed) };
}

/**
 * Changed covers past which the file is rebuilt (merged): every search runs
 * an exact pass over the added vectors and asks the graph for more answers to
 * make up for the removed ones. Measured (bench/index-storage.ts): the SIMD
 * exact pass over 1,000,000 float32 values (about 1,000 gist or 3,900 tiny
 * covers) takes about 0.2 ms, a fifth of the 1 ms goal for one search.
 */
export const DELTA_LIMIT_FLOATS = 1_000_000;

export function deltaSize(delta: IndexDelta): number {
  return delta.added.length + delta.removed.length;
}

export function deltaTooLarge(delta: IndexDelta, dim: number, limitFloats = DELTA_LIMIT_FLOATS): boolean {
  return deltaSize(delta) * dim > limitFloats;
}
