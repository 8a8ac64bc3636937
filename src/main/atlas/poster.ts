/**
 * A poster of the library: every cover of the map at its place, drawn from
 * the stored thumbnails and composited by sharp into one PNG, for sharing.
 */
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import sharp from 'sharp';
import { SleeveError } from '../../shared/errors.js';
import { loadThumbnails } from '../store/atlas-store.js';
import type { Db } from '../store/db.js';
import type { AtlasMap } from './atlas.js';

export const DEFAULT_POSTER_SIZE = 4096;
export const MIN_POSTER_SIZE = 256;
export const MAX_POSTER_SIZE = 16384;
/** Covers are drawn this share of the map's separation wide, leaving a hairline between neighbours. */
const COVER_FILL = 0.92;
const MIN_COVER_PX = 3;
/** Thumbnails are 256 px (artwork/thumbnail.ts): larger covers would only be blurred. */
const MAX_COVER_PX = 256;
const BACKGROUND = { r: 18, g: 18, b: 20 };
/** A cover whose thumbnail is missing is drawn as a plain grey square. */
const MISSING = { r: 70, g: 70, b: 74 };
/** Thumbnails resized at once. */
const RESIZE_CONCURRENCY = 8;

export interface PosterOptions {
  /** Side of the square poster in pixels. */
  readonly size?: number;
}

/** Where a cover of the map lands on a poster of this side, and how large: [left, top] of its square. */
export function posterPlacement(x: number, y: number, size: number, cover: number): [number, number] {
  const span = size - cover;
  return [Math.round(x * span), Math.round(y * span)];
}

export function posterCoverSize(map: AtlasMap, size: number): number {
  return Math.max(MIN_COVER_PX, Math.min(MAX_COVER_PX, Math.floor(map.separation * size * COVER_FILL)));
}

export async function renderPoster(db: Db, map: AtlasMap, options: PosterOptions = {}): Promise<Buffer> {
  const size = options.size ?? DEFAULT_POSTER_SIZE;
  if (!Number.isInteger(size) || size < MIN_POSTER_SIZE || size > MAX_POSTER_SIZE) {
    throw new SleeveError('bad_request', `A poster's size must be a whole number of pixels from ${MIN_POSTER_SIZE} to ${MAX_POSTER_SIZE}, not ${size}.`);
  }
  if (map.points.length === 0) throw new SleeveError('unavailable', 'The map has no covers to draw yet: scan the library first.');
  const cover = posterCoverSize(map, size);
  const thumbnails = loadThumbnails(db, [...new Set(map.points.map((p) => p.artworkId))]);
  const tiles = new Map<number, Buffer>();
  const ids = [...thumbnails.keys()];
  for (let start = 0; start < ids.length; start += RESIZE_CONCURRENCY) {
    await Promise.all(
      ids.slice(start, start + RESIZE_CONCURRENCY).map(async (id) => {
        try {
          tiles.set(id, await sharp(thumbnails.get(id)).resize(cover, cover, { fit: 'cover' }).removeAlpha().raw().toBuffer());
        } catch {
          // A thumbnail that no longer decodes is drawn as a missing one.
        }
      }),
    );
  }
  const missing = Buffer.alloc(cover * cover * 3);
  for (let i = 0; i < missing.length; i += 3) {
    missing[i] = MISSING.r;
    missing[i + 1] = MISSING.g;
    missing[i + 2] = MISSING.b;
  }
  const layers = map.points.map((p) => {
    const [left, top] = posterPlacement(p.x, p.y, size, cover);
    return { input: tiles.get(p.artworkId) ?? missing, raw: { width: cover, height: cover, channels: 3 as const }, left, top };
  });
  return sharp({ create: { width: size, height: size, channels: 3, background: BACKGROUND } })
    .composite(layers)
    .png()
    .toBuffer();
}

/**
 * Renders the poster and writes it to `path` (a PNG): through a temporary
 * file in the same folder renamed into place, and never over an existing
 * file unless overwrite.
 */
export async function writePoster(db: Db, map: AtlasMap, path: string, options: PosterOptions & { overwrite: boolean }): Promise<void> {
  if (extname(path).toLowerCase() !== '.png') throw new SleeveError('bad_request', `The poster is a PNG picture: name the file .png, not ${basename(path)}.`);
  const folder = dirname(path);
  const stat = statSync(folder, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new SleeveError('not_found', `The folder ${folder} does not exist.`);
  if (!options.overwrite && existsSync(path)) throw new SleeveError('conflict', `A file already exists at ${path}.`);
  const png = await renderPoster(db, map, options);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, png);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new SleeveError(code === 'ENOSPC' ? 'disk_full' : code === 'EACCES' || code === 'EROFS' ? 'read_only' : 'internal', `The poster could not be written to ${path} (${code ?? (error as Error).message}).`, { cause: error });
  }
}
