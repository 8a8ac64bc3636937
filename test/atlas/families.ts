/**
 * A generated library with known visual families: covers drawn by the demo
 * library's generator in each of its styles (sunset, ocean, neon, …),
 * described by the real gist and color kinds, stored as a library database
 * with WebP thumbnails as a scan stores them.
 */
import sharp from 'sharp';
import { getKind } from '../../src/main/artwork/kinds.js';
import { COVER_STYLES, renderCoverPixels, type CoverStyle } from '../../src/main/demo/covers.js';
import { makeLibrary, type FixtureAlbum, type Library } from '../playlists/fixture.js';

/** The side covers are drawn at: the kinds' canonical size, so no resampling is needed. */
const SIDE = 80;

export interface FamilyCover {
  readonly style: CoverStyle;
  readonly seed: number;
  readonly vectors: Record<string, number[]>;
  readonly pixels: Buffer;
}

/** `perStyle` covers of each style, in style order; the same arguments give the same covers. */
export function familyCovers(perStyle: number, firstSeed = 1, styles: readonly CoverStyle[] = COVER_STYLES): FamilyCover[] {
  const gist = getKind('gist');
  const color = getKind('color');
  const covers: FamilyCover[] = [];
  for (const style of styles) {
    for (let i = 0; i < perStyle; i++) {
      const seed = firstSeed + i;
      const pixels = renderCoverPixels(seed, style, SIDE);
      const rgb = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.length);
      covers.push({
        style,
        seed,
        pixels,
        vectors: { gist: Array.from(gist.compute(rgb, SIDE, SIDE)), color: Array.from(color.compute(rgb, SIDE, SIDE)) },
      });
    }
  }
  return covers;
}

export function familyAlbum(cover: FamilyCover): FixtureAlbum {
  return { artist: `${cover.style} artist ${cover.seed}`, album: `${cover.style} ${cover.seed}`, cover: cover.vectors, tracks: 1 };
}

/** A library of these covers, with thumbnails. */
export async function familyLibrary(covers: readonly FamilyCover[]): Promise<Library> {
  const library = makeLibrary(covers.map(familyAlbum));
  await addThumbnails(library, covers, library.ids);
  return library;
}

/** Stores a WebP thumbnail for each album's cover (as a scan does). */
async function addThumbnails(library: Library, covers: readonly FamilyCover[], albumIds: readonly number[]): Promise<void> {
  const update = library.db.prepare(
    "UPDATE artworks SET thumbnail = ?, thumbnail_format = 'webp' WHERE id = (SELECT artwork_id FROM albums WHERE id = ?)",
  );
  for (let i = 0; i < covers.length; i++) {
    const webp = await sharp(covers[i].pixels, { raw: { width: SIDE, height: SIDE, channels: 3 } }).webp({ quality: 90 }).toBuffer();
    update.run(webp, albumIds[i]);
  }
}

/** Adds albums to an existing fixture library (the same way makeLibrary does); returns their ids. */
export function addAlbums(library: Library, covers: readonly FamilyCover[]): number[] {
  const db = library.db;
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, 'png', 500, 500, 1000, 'folder', ?, 0)`,
  );
  const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, 1, ?)');
  const insertAlbum = db.prepare("INSERT INTO albums (key, artist, album, folder, artwork_id, cover_source) VALUES (?, ?, ?, '/music', ?, 'folder')");
  return db.transaction(() =>
    covers.map((cover) => {
      const key = `added-${cover.style}-${cover.seed}`;
      const artworkId = Number(insertArtwork.run(key, Buffer.from(key)).lastInsertRowid);
      for (const [kind, vector] of Object.entries(cover.vectors)) insertDescriptor.run(artworkId, kind, Buffer.from(new Float32Array(vector).buffer));
      const album = familyAlbum(cover);
      return Number(insertAlbum.run(key, album.artist, album.album, artworkId).lastInsertRowid);
    }),
  )();
}
