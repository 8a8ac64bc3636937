/**
 * The atlas layout of n covers: their k nearest neighbours, UMAP's fuzzy
 * graph, a PCA start, UMAP's optimisation, then the map scaled into the unit
 * square and covers nudged apart. Pure and seeded: the same rows, settings
 * and seed give the same map. Runs in the layout worker (layout-worker.ts).
 */
import { mulberry32 } from '../../shared/random.js';
import { nearestNeighbours } from './neighbours.js';
import { nudgeApart } from './nudge.js';
import { pcaLayout } from './pca-init.js';
import { DEFAULT_UMAP, fuzzyGraph, optimiseLayout, type UmapSettings } from './umap.js';

export interface LayoutSettings extends UmapSettings {
  /** Neighbours per cover in UMAP's graph (umap-learn's n_neighbors). */
  readonly neighbours: number;
  /** Seed of every random choice (negative samples, the start's noise). */
  readonly seed: number;
}

export const DEFAULT_LAYOUT: LayoutSettings = { ...DEFAULT_UMAP, neighbours: 15, seed: 1 };

export interface LayoutProgress {
  readonly phase: 'neighbours' | 'layout';
  readonly done: number;
  readonly total: number;
}

export interface Layout {
  /** x0, y0, x1, y1, … each in [0, 1]. */
  readonly points: Float64Array;
  /** The width a cover is drawn at so that none covers another. */
  readonly separation: number;
}

/** Fewer points than this are placed by PCA alone: UMAP's graph needs a few neighbours. */
const MIN_UMAP_POINTS = 5;
/**
 * Cover width: SEPARATION_SCALE/√n of the map's side, at most MAX_SEPARATION.
 * n covers that wide tile a quarter of the square, leaving room for clusters to spread.
 */
const SEPARATION_SCALE = 0.5;
const MAX_SEPARATION = 0.08;
/** Progress reports during the optimisation, at most this many. */
const EPOCH_REPORTS = 50;

export function separationFor(n: number): number {
  return n === 0 ? MAX_SEPARATION : Math.min(MAX_SEPARATION, SEPARATION_SCALE / Math.sqrt(n));
}

/** Lays out n unit-length rows of `dim` values. */
export function computeLayout(
  vectors: Float32Array,
  n: number,
  dim: number,
  settings: LayoutSettings = DEFAULT_LAYOUT,
  onProgress?: (progress: LayoutProgress) => void,
): Layout {
  const separation = separationFor(n);
  if (n === 0) return { points: new Float64Array(0), separation };
  const random = mulberry32(settings.seed);
  const start = pcaLayout(vectors, n, dim, random);
  if (n >= MIN_UMAP_POINTS) {
    const k = Math.min(settings.neighbours, n - 1);
    const neighbours = nearestNeighbours(vectors, n, dim, k, (done) => onProgress?.({ phase: 'neighbours', done, total: n }));
    const graph = fuzzyGraph(neighbours);
    let reported = 0;
    optimiseLayout(graph, start, settings, random, (epoch, epochs) => {
      if (epoch === epochs || epoch - reported >= epochs / EPOCH_REPORTS) {
        reported = epoch;
        onProgress?.({ phase: 'layout', done: epoch, total: epochs });
      }
    });
  }
  const points = toUnitSquare(start);
  nudgeApart(points, separation);
  // Nudging may push covers past the edges: back into the square, the separation shrinking alike.
  const side = extent(points);
  return { points: toUnitSquare(points), separation: side > 1 ? separation / side : separation };
}

/**
 * Scales a layout into [0, 1]² keeping its aspect ratio: the longer side
 * spans 0–1, the shorter one is centred. A single point sits in the middle.
 */
export function toUnitSquare(layout: Float64Array): Float64Array {
  const [minX, minY, maxX, maxY] = bounds(layout);
  const side = Math.max(maxX - minX, maxY - minY);
  const out = new Float64Array(layout.length);
  for (let i = 0; i < layout.length; i += 2) {
    out[i] = side > 0 ? (layout[i] - minX) / side + (1 - (maxX - minX) / side) / 2 : 0.5;
    out[i + 1] = side > 0 ? (layout[i + 1] - minY) / side + (1 - (maxY - minY) / side) / 2 : 0.5;
  }
  return out;
}

function bounds(layout: Float64Array): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < layout.length; i += 2) {
    minX = Math.min(minX, layout[i]);
    maxX = Math.max(maxX, layout[i]);
    minY = Math.min(minY, layout[i + 1]);
    maxY = Math.max(maxY, layout[i + 1]);
  }
  return [minX, minY, maxX, maxY];
}

/** The longer side of the layout's bounding box. */
function extent(layout: Float64Array): number {
  const [minX, minY, maxX, maxY] = bounds(layout);
  return Math.max(maxX - minX, maxY - minY);
}
