/**
 * Incremental placement: covers that arrived after the layout go where their
 * nearest placed covers are, without moving anyone else. Each new cover sits
 * at the mean of its PLACE_NEIGHBOURS nearest placed covers' positions,
 * weighted by UMAP's membership strengths (umap-learn's transform starts new
 * points the same way, init_transform), or at the free spot nearest to it.
 */
import { dotRow } from '../index/exact.js';
import { FreeSpots } from './free-spot.js';
import { memberships } from './umap.js';

const PLACE_NEIGHBOURS = 10;

/**
 * `vectors` holds unit-length rows; `placedRows[i]` is at (placedPoints[2i],
 * placedPoints[2i+1]). Returns x, y for each of `newRows`, in [0, 1].
 */
export function placeNear(
  vectors: Float32Array,
  dim: number,
  placedRows: readonly number[],
  placedPoints: Float64Array,
  newRows: readonly number[],
  separation: number,
): Float64Array {
  const m = placedRows.length;
  if (m === 0) throw new RangeError('placeNear needs at least one placed cover');
  const k = Math.min(PLACE_NEIGHBOURS, m);
  const out = new Float64Array(newRows.length * 2);
  const spots = new FreeSpots(separation);
  for (let p = 0; p < m; p++) spots.add(placedPoints[2 * p], placedPoints[2 * p + 1]);
  const dots = new Float64Array(m);
  const best = new Int32Array(k);
  const distance = new Float64Array(k);
  const weight = new Float64Array(k);
  newRows.forEach((row, n) => {
    const query = vectors.subarray(row * dim, (row + 1) * dim);
    for (let p = 0; p < m; p++) dots[p] = dotRow(vectors, placedRows[p], query);
    topK(dots, best);
    for (let s = 0; s < k; s++) distance[s] = Math.sqrt(Math.max(0, 2 - 2 * dots[best[s]]));
    memberships(distance, distance[k - 1], weight);
    let sx = 0;
    let sy = 0;
    let sw = 0;
    for (let s = 0; s < k; s++) {
      sx += weight[s] * placedPoints[2 * best[s]];
      sy += weight[s] * placedPoints[2 * best[s] + 1];
      sw += weight[s];
    }
    const [x, y] = spots.nearest(sx / sw, sy / sw);
    spots.add(x, y);
    out[2 * n] = x;
    out[2 * n + 1] = y;
  });
  return out;
}

/** The indices of the best.length largest values, largest first (ties to the lower index). */
function topK(values: Float64Array, best: Int32Array): void {
  const k = best.length;
  let filled = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (filled === k && v <= values[best[k - 1]]) continue;
    let at = filled < k ? filled++ : k - 1;
    while (at > 0 && values[best[at - 1]] < v) {
      best[at] = best[at - 1];
      at--;
    }
    best[at] = i;
  }
}
