/**
 * The Map view's geometry: the map's unit square on screen (scale and
 * offset), zooming about a point, and finding the cover under the pointer
 * through a uniform grid. Pure, so it is the same for drawing and hit-testing.
 */

export interface View {
  /** Screen pixels per map unit. */
  readonly scale: number;
  /** Screen position of the map's origin. */
  readonly tx: number;
  readonly ty: number;
}

export interface MapPointLike {
  readonly x: number;
  readonly y: number;
}

/** Room left around the map when it is fitted to the screen. */
const FIT_MARGIN = 0.92;
export const MIN_ZOOM = 0.5;
export const MAX_ZOOM = 400;

/** The whole map, centred and as large as fits. */
export function fitView(width: number, height: number): View {
  const scale = Math.min(width, height) * FIT_MARGIN;
  return { scale, tx: (width - scale) / 2, ty: (height - scale) / 2 };
}

/** Zooms by `factor` keeping the map point under (px, py) where it is; bounded relative to the fitted scale. */
export function zoomAbout(view: View, factor: number, px: number, py: number, fitted: number): View {
  const scale = Math.min(fitted * MAX_ZOOM, Math.max(fitted * MIN_ZOOM, view.scale * factor));
  const k = scale / view.scale;
  return { scale, tx: px - (px - view.tx) * k, ty: py - (py - view.ty) * k };
}

export function toScreen(view: View, x: number, y: number): [number, number] {
  return [view.tx + x * view.scale, view.ty + y * view.scale];
}

export function toMap(view: View, px: number, py: number): [number, number] {
  return [(px - view.tx) / view.scale, (py - view.ty) / view.scale];
}

/** A uniform grid of the points (cells `cell` map units wide) for finding the nearest one quickly. */
export class PointGrid<P extends MapPointLike> {
  private readonly cells = new Map<number, P[]>();
  private readonly side: number;

  constructor(
    readonly points: readonly P[],
    private readonly cell: number,
  ) {
    this.side = Math.max(1, Math.ceil(1 / cell));
    for (const p of points) {
      const key = this.key(p.x, p.y);
      const list = this.cells.get(key);
      if (list) list.push(p);
      else this.cells.set(key, [p]);
    }
  }

  /** The point nearest (x, y) within `radius` map units, or null. */
  nearest(x: number, y: number, radius: number): P | null {
    const reach = Math.ceil(radius / this.cell);
    const cx = this.index(x);
    const cy = this.index(y);
    let best: P | null = null;
    let bestD = radius * radius;
    for (let gy = cy - reach; gy <= cy + reach; gy++) {
      for (let gx = cx - reach; gx <= cx + reach; gx++) {
        if (gx < 0 || gy < 0 || gx >= this.side || gy >= this.side) continue;
        for (const p of this.cells.get(gy * this.side + gx) ?? []) {
          const d = (p.x - x) ** 2 + (p.y - y) ** 2;
          if (d <= bestD) {
            bestD = d;
            best = p;
          }
        }
      }
    }
    return best;
  }

  private index(v: number): number {
    return Math.min(this.side - 1, Math.max(0, Math.floor(v / this.cell)));
  }

  private key(x: number, y: number): number {
    return this.index(y) * this.side + this.index(x);
  }
}
