/**
 * The cover atlas of a library in one descriptor mix: computed once, stored
 * with what it came from (store/atlas-store.ts), and brought up to date
 * afterwards. Covers added since are placed near their neighbours and covers
 * gone are dropped, leaving everyone else where they were; a full layout
 * runs when there is no map yet, when the kinds' versions or the settings
 * changed, when asked, or when much changed since the last one.
 */
import { formatKindMix, type KindWeight } from '../../shared/mix.js';
import type { Db } from '../store/db.js';
import {
  loadAtlasAlbums,
  loadAtlasMap,
  loadAtlasPoints,
  saveFullAtlas,
  updateAtlasPoints,
  type AtlasKindRecord,
  type AtlasMapRecord,
  type AtlasPointRecord,
} from '../store/atlas-store.js';
import { loadAtlasInputs, resolveAtlasKinds, type AtlasInputs } from './inputs.js';
import { DEFAULT_LAYOUT, separationFor, type Layout, type LayoutProgress, type LayoutSettings } from './layout.js';
import { placeNear } from './place.js';
import { layoutInWorker } from './run-layout.js';

/** One album on the map. */
export interface AtlasPoint {
  readonly albumId: number;
  readonly artist: string;
  readonly album: string;
  readonly year: number | null;
  readonly genre: string | null;
  readonly artworkId: number;
  /** Its place, each in [0, 1]; y grows downwards, as on a screen. */
  readonly x: number;
  readonly y: number;
}

export interface AtlasMap {
  readonly mix: string;
  /** The width a cover is drawn at (in map units) so that none covers another. */
  readonly separation: number;
  readonly settings: LayoutSettings;
  readonly laidOutAt: number;
  readonly updatedAt: number;
  readonly points: readonly AtlasPoint[];
  /** Albums left off: no cover, or a cover not described by every kind of the mix. */
  readonly unplaced: number;
}

export type AtlasAction = 'unchanged' | 'placed' | 'laid-out';

export interface AtlasUpdate {
  readonly map: AtlasMap;
  readonly action: AtlasAction;
  /** Covers placed near their neighbours, and points dropped, by this update. */
  readonly added: number;
  readonly removed: number;
}

/** Runs a full layout (in a worker by default). */
export type LayoutRunner = (
  vectors: Float32Array,
  n: number,
  dim: number,
  settings: LayoutSettings,
  options: { onProgress?: (progress: LayoutProgress) => void; signal?: AbortSignal },
) => Promise<Layout>;

export interface AtlasOptions {
  /** Layout settings; those not given keep the stored map's, else the defaults (the seed included). */
  readonly settings?: Partial<LayoutSettings>;
  /** Lay everything out again even if an update would do. */
  readonly relayout?: boolean;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: LayoutProgress) => void;
  readonly runLayout?: LayoutRunner;
}

/**
 * Share of the last full layout's covers that may have been placed
 * incrementally or removed since, before the map is laid out again: past it,
 * neighbourhoods drawn from the old layout no longer describe the library.
 */
export const MUCH_CHANGED = 0.25;

/** The mix as the map's key: kinds in name order, e.g. `color:0.3,gist:0.7`. */
export function atlasMixKey(mix: readonly KindWeight[]): string {
  return formatKindMix([...mix].sort((a, b) => a.name.localeCompare(b.name)));
}

/** The stored map of a mix as it is, without bringing it up to date; null when there is none. */
export function readAtlas(db: Db, mix: readonly KindWeight[]): AtlasMap | null {
  const record = loadAtlasMap(db, atlasMixKey(mix));
  return record ? toAtlasMap(db, record, loadAtlasPoints(db, record.id)) : null;
}

/** The map of a mix, computed or brought up to date as needed. */
export async function updateAtlas(db: Db, mix: readonly KindWeight[], options: AtlasOptions = {}): Promise<AtlasUpdate> {
  const key = atlasMixKey(mix);
  const kinds = resolveAtlasKinds(db, mix);
  const stored = loadAtlasMap(db, key);
  // Settings not given keep the stored map's, so a plain update never redraws it.
  const settings: LayoutSettings = { ...DEFAULT_LAYOUT, ...stored?.settings, ...options.settings };
  const inputs = loadAtlasInputs(db, kinds);
  if (!stored || options.relayout || !sameKinds(stored.kinds, kinds) || !sameSettings(stored.settings, settings)) {
    return fullLayout(db, key, inputs, settings, options);
  }
  const points = loadAtlasPoints(db, stored.id);
  const rowOf = new Map<number, number>();
  inputs.albumIds.forEach((albumId, row) => rowOf.set(albumId, row));
  const kept: AtlasPointRecord[] = [];
  const removed: number[] = [];
  for (const point of points) {
    const row = rowOf.get(point.albumId);
    if (row === undefined || inputs.artworkIds[row] !== point.artworkId) removed.push(point.albumId);
    else kept.push(point);
  }
  const keptIds = new Set(kept.map((p) => p.albumId));
  const newRows: number[] = [];
  inputs.albumIds.forEach((albumId, row) => {
    if (!keptIds.has(albumId)) newRows.push(row);
  });
  if (removed.length === 0 && newRows.length === 0) {
    return { map: toAtlasMap(db, stored, points), action: 'unchanged', added: 0, removed: 0 };
  }
  const fromLayout = kept.filter((p) => p.placed === 'layout').length;
  const changedSinceLayout = stored.laidOutCount - fromLayout + (kept.length - fromLayout) + newRows.length;
  if (kept.length === 0 || changedSinceLayout > MUCH_CHANGED * stored.laidOutCount) {
    return fullLayout(db, key, inputs, settings, options);
  }
  const placedPoints = new Float64Array(kept.length * 2);
  kept.forEach((p, i) => {
    placedPoints[2 * i] = p.x;
    placedPoints[2 * i + 1] = p.y;
  });
  const placed = placeNear(
    inputs.vectors,
    inputs.dim,
    kept.map((p) => rowOf.get(p.albumId) as number),
    placedPoints,
    newRows,
    stored.separation,
  );
  const added: AtlasPointRecord[] = newRows.map((row, i) => ({
    albumId: inputs.albumIds[row],
    artworkId: inputs.artworkIds[row],
    x: placed[2 * i],
    y: placed[2 * i + 1],
    placed: 'neighbours',
  }));
  updateAtlasPoints(db, stored.id, removed, added);
  const record = loadAtlasMap(db, key) as AtlasMapRecord;
  return { map: toAtlasMap(db, record, loadAtlasPoints(db, record.id)), action: 'placed', added: added.length, removed: removed.length };
}

async function fullLayout(db: Db, key: string, inputs: AtlasInputs, settings: LayoutSettings, options: AtlasOptions): Promise<AtlasUpdate> {
  const n = inputs.albumIds.length;
  const run = options.runLayout ?? layoutInWorker;
  const layout = n === 0
    ? { points: new Float64Array(0), separation: separationFor(0) }
    : await run(inputs.vectors, n, inputs.dim, settings, { onProgress: options.onProgress, signal: options.signal });
  const points: AtlasPointRecord[] = inputs.albumIds.map((albumId, i) => ({
    albumId,
    artworkId: inputs.artworkIds[i],
    x: layout.points[2 * i],
    y: layout.points[2 * i + 1],
    placed: 'layout',
  }));
  const stored = loadAtlasMap(db, key);
  const removed = stored ? loadAtlasPoints(db, stored.id).length : 0;
  saveFullAtlas(db, { mix: key, kinds: inputs.kinds, settings, separation: layout.separation }, points);
  const record = loadAtlasMap(db, key) as AtlasMapRecord;
  return { map: toAtlasMap(db, record, points), action: 'laid-out', added: n, removed };
}

function toAtlasMap(db: Db, record: AtlasMapRecord, points: readonly AtlasPointRecord[]): AtlasMap {
  const albums = loadAtlasAlbums(db);
  const byId = new Map(albums.map((album) => [album.id, album]));
  const out: AtlasPoint[] = [];
  for (const p of points) {
    const album = byId.get(p.albumId);
    if (!album) continue;
    out.push({ albumId: p.albumId, artist: album.artist, album: album.album, year: album.year, genre: album.genre, artworkId: p.artworkId, x: p.x, y: p.y });
  }
  return {
    mix: record.mix,
    separation: record.separation,
    settings: { ...DEFAULT_LAYOUT, ...record.settings },
    laidOutAt: record.laidOutAt,
    updatedAt: record.updatedAt,
    points: out,
    unplaced: albums.length - out.length,
  };
}

function sameKinds(a: readonly AtlasKindRecord[], b: readonly AtlasKindRecord[]): boolean {
  const key = (kinds: readonly AtlasKindRecord[]) =>
    JSON.stringify([...kinds].sort((x, y) => x.name.localeCompare(y.name)).map((k) => [k.name, k.version, k.dim, Number(k.weight.toFixed(6))]));
  return key(a) === key(b);
}

function sameSettings(stored: Record<string, number>, wanted: LayoutSettings): boolean {
  return (Object.keys(wanted) as (keyof LayoutSettings)[]).every((name) => stored[name] === wanted[name]);
}
