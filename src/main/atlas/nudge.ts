/**
 * Overlap removal: covers drawn `separation` wide at their places must not
 * cover one another, so each stays clickable. Pairs closer than the
 * separation are pushed apart along the line joining them, both halfway,
 * found through a uniform grid of separation-sized cells, pass after pass
 * until no pair overlaps or MAX_PASSES is reached. Points may leave the unit
 * square: the caller scales the map back into it (layout.ts). Visiting
 * points in index order makes it deterministic; coincident points part
 * along a golden-angle direction.
 */

const MAX_PASSES = 200;
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Pushed a little past the separation, so a pair does not touch again from rounding. */
const OVERSHOOT = 1.001;

/** Moves points (x0, y0, x1, y1, … about [0, 1]) apart in place. Returns the pairs still overlapping. */
export function nudgeApart(points: Float64Array, separation: number): number {
  const n = points.length / 2;
  if (n < 2 || separation <= 0) return 0;
  const cells = Math.max(1, Math.ceil(1 / separation));
  const cellOf = (v: number) => Math.min(cells - 1, Math.max(0, Math.floor(v * cells)));
  const head = new Int32Array(cells * cells);
  const next = new Int32Array(n);
  let overlaps = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    head.fill(-1);
    for (let i = n - 1; i >= 0; i--) {
      const cell = cellOf(points[2 * i + 1]) * cells + cellOf(points[2 * i]);
      next[i] = head[cell];
      head[cell] = i;
    }
    overlaps = 0;
    for (let i = 0; i < n; i++) {
      const cx = cellOf(points[2 * i]);
      const cy = cellOf(points[2 * i + 1]);
      for (let gy = Math.max(0, cy - 1); gy <= Math.min(cells - 1, cy + 1); gy++) {
        for (let gx = Math.max(0, cx - 1); gx <= Math.min(cells - 1, cx + 1); gx++) {
          for (let j = head[gy * cells + gx]; j >= 0; j = next[j]) {
            if (j <= i) continue;
            if (separate(points, i, j, separation)) overlaps++;
          }
        }
      }
    }
    if (overlaps === 0) break;
  }
  return overlaps;
}

/** Pushes i and j apart, each halfway, when closer than the separation; true when they were. */
function separate(points: Float64Array, i: number, j: number, separation: number): boolean {
  let dx = points[2 * j] - points[2 * i];
  let dy = points[2 * j + 1] - points[2 * i + 1];
  const d2 = dx * dx + dy * dy;
  if (d2 >= separation * separation) return false;
  const d = Math.sqrt(d2);
  if (d === 0) {
    const angle = (i + j) * GOLDEN_ANGLE;
    dx = Math.cos(angle);
    dy = Math.sin(angle);
  } else {
    dx /= d;
    dy /= d;
  }
  const half = (separation * OVERSHOOT - d) / 2;
  points[2 * i] -= dx * half;
  points[2 * i + 1] -= dy * half;
  points[2 * j] += dx * half;
  points[2 * j + 1] += dy * half;
  return true;
}
