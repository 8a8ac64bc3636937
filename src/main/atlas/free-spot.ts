/**
 * Free places on a map: a uniform grid of the placed covers, and a search
 * outwards from a wanted spot for the nearest one at least `separation` from
 * every cover and inside the unit square. Candidates follow Vogel's
 * sunflower spiral (r ∝ √t, θ = t·golden angle), which covers a disc evenly,
 * so the first free candidate is close to the nearest free spot.
 */

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));
/** Spiral step: candidates SPIRAL_STEP·separation·√t from the wanted spot. */
const SPIRAL_STEP = 0.35;
/** Candidates tried before the search gives up and takes the wanted spot. */
const MAX_CANDIDATES = 100_000;

export class FreeSpots {
  private readonly cells: number;
  private readonly grid = new Map<number, number[]>();
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];

  constructor(private readonly separation: number) {
    this.cells = Math.max(1, Math.ceil(1 / separation));
  }

  add(x: number, y: number): void {
    const key = this.cellY(y) * this.cells + this.cellX(x);
    const list = this.grid.get(key);
    const index = this.xs.length;
    this.xs.push(x);
    this.ys.push(y);
    if (list) list.push(index);
    else this.grid.set(key, [index]);
  }

  /** The free spot nearest (x, y) along the spiral. */
  nearest(x: number, y: number): [number, number] {
    for (let t = 0; t < MAX_CANDIDATES; t++) {
      const r = SPIRAL_STEP * this.separation * Math.sqrt(t);
      const cx = x + r * Math.cos(t * GOLDEN_ANGLE);
      const cy = y + r * Math.sin(t * GOLDEN_ANGLE);
      if (cx < 0 || cx > 1 || cy < 0 || cy > 1) continue;
      if (this.isFree(cx, cy)) return [cx, cy];
    }
    return [x, y];
  }

  private isFree(x: number, y: number): boolean {
    const gx = this.cellX(x);
    const gy = this.cellY(y);
    const limit = this.separation * this.separation;
    for (let cy = gy - 1; cy <= gy + 1; cy++) {
      for (let cx = gx - 1; cx <= gx + 1; cx++) {
        if (cx < 0 || cy < 0 || cx >= this.cells || cy >= this.cells) continue;
        for (const i of this.grid.get(cy * this.cells + cx) ?? []) {
          const dx = this.xs[i] - x;
          const dy = this.ys[i] - y;
          if (dx * dx + dy * dy < limit) return false;
        }
      }
    }
    return true;
  }

  private cellX(x: number): number {
    return Math.min(this.cells - 1, Math.max(0, Math.floor(x * this.cells)));
  }

  private cellY(y: number): number {
    return Math.min(this.cells - 1, Math.max(0, Math.floor(y * this.cells)));
  }
}
