import { dot } from './vector-math.js';

/** Cosine distance 1 − u·v: for unit vectors, half the squared Euclidean distance. */
export function coverDistance(a: Float64Array, b: Float64Array): number {
  return 1 - dot(a, b);
}

/** The length of the open path start → points[0] → points[1] → … */
export function pathLength(start: Float64Array, points: readonly Float64Array[]): number {
  let length = 0;
  let previous = start;
  for (const point of points) {
    length += coverDistance(previous, point);
    previous = point;
  }
  return length;
}

/** Improvements smaller than this are rounding noise, not worth a reversal. */
const TWO_OPT_EPSILON = 1e-12;
/** Bound on 2-opt sweeps; each sweep is O(n²) and real inputs settle in a few. */
const TWO_OPT_MAX_SWEEPS = 50;

/**
 * A short open path through points from a fixed start, as an order of
 * indices into points: nearest-neighbour construction, then 2-opt (Croes
 * 1958) adapted to an open path, where reversing the tail removes one edge
 * only: reversing p[i..j] changes d(p[i-1], p[i]) + d(p[j], p[j+1]) into
 * d(p[i-1], p[j]) + d(p[i], p[j+1]), the second terms absent when j is last.
 */
export function shortPath(start: Float64Array, points: readonly Float64Array[]): number[] {
  const n = points.length + 1;
  const nodes = [start, ...points];
  const distance = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = coverDistance(nodes[a], nodes[b]);
      distance[a * n + b] = d;
      distance[b * n + a] = d;
    }
  }

  const path = [0];
  const visited = new Uint8Array(n);
  visited[0] = 1;
  for (let step = 1; step < n; step++) {
    const from = path[path.length - 1];
    let nearest = -1;
    for (let b = 1; b < n; b++) {
      if (!visited[b] && (nearest < 0 || distance[from * n + b] < distance[from * n + nearest])) nearest = b;
    }
    visited[nearest] = 1;
    path.push(nearest);
  }

  for (let sweep = 0, improved = true; improved && sweep < TWO_OPT_MAX_SWEEPS; sweep++) {
    improved = false;
    for (let i = 1; i < n - 1; i++) {
      for (let j = i + 1; j < n; j++) {
        const before = path[i - 1];
        const first = path[i];
        const last = path[j];
        let delta = distance[before * n + last] - distance[before * n + first];
        if (j + 1 < n) {
          const after = path[j + 1];
          delta += distance[first * n + after] - distance[last * n + after];
        }
        if (delta < -TWO_OPT_EPSILON) {
          reverse(path, i, j);
          improved = true;
        }
      }
    }
  }
  return path.slice(1).map((node) => node - 1);
}

function reverse(values: number[], from: number, to: number): void {
  for (let i = from, j = to; i < j; i++, j--) {
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}
