import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DESCRIPTOR_KINDS } from '../src/main/artwork/kinds.js';
import { mulberry32 } from '../src/shared/random.js';
import { openDatabase } from '../src/main/store/db.js';

/**
 * A library database filled directly (no scan): n albums of one short track
 * each, every album with its own artwork row, a small WebP thumbnail (as the
 * wall and the media route read them) and random descriptor vectors of every
 * kind (so "looks like" and playlists answer). The thumbnails cycle through
 * a few dozen generated gradients so that building 5,000 stays quick.
 */
const THUMBNAIL_SIDE = 256;
const DISTINCT_THUMBNAILS = 48;

async function gradientThumbnail(i: number): Promise<Buffer> {
  const pixels = Buffer.alloc(THUMBNAIL_SIDE * THUMBNAIL_SIDE * 3);
  const hueA = (i * 47) % 360;
  const hueB = (hueA + 120 + i * 13) % 360;
  const [a, b] = [hsl(hueA), hsl(hueB)];
  for (let y = 0; y < THUMBNAIL_SIDE; y++) {
    for (let x = 0; x < THUMBNAIL_SIDE; x++) {
      const t = (x + y) / (2 * THUMBNAIL_SIDE);
      const o = (y * THUMBNAIL_SIDE + x) * 3;
      for (let c = 0; c < 3; c++) pixels[o + c] = Math.round(a[c] * (1 - t) + b[c] * t);
    }
  }
  return sharp(pixels, { raw: { width: THUMBNAIL_SIDE, height: THUMBNAIL_SIDE, channels: 3 } }).webp({ quality: 70 }).toBuffer();
}

function hsl(hue: number): [number, number, number] {
  const k = (n: number) => (n + hue / 30) % 12;
  const f = (n: number) => 0.5 - 0.4 * Math.max(-1, Math.min(k(n) - 3, 9 - k(n), 1));
  return [f(0) * 255, f(8) * 255, f(4) * 255];
}

export async function makeSyntheticLibrary(dir: string, albums: number): Promise<string> {
  mkdirSync(join(dir, 'music'), { recursive: true });
  const audio = join(dir, 'music', 'silence.mp3');
  writeFileSync(audio, Buffer.alloc(0));
  const thumbnails = await Promise.all(Array.from({ length: DISTINCT_THUMBNAILS }, (_, i) => gradientThumbnail(i)));
  const dbPath = join(dir, 'library.db');
  const db = openDatabase(dbPath);
  const now = Date.now();
  const root = db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run(join(dir, 'music'), now).lastInsertRowid;
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, thumbnail, thumbnail_format, created_at)
     VALUES (?, 'jpeg', 600, 600, 50000, 'embedded', ?, ?, 'webp', ?)`,
  );
  const insertAlbum = db.prepare('INSERT INTO albums (key, artist, album, year, folder, artwork_id, cover_source) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const random = mulberry32(albums);
  const insertTrack = db.prepare(
    `INSERT INTO tracks (path_raw, path, root_id, size, mtime_ms, album_id, title, track_no, duration, artwork_id, artwork_source, scanned_at)
     VALUES (?, ?, ?, 0, 0, ?, ?, 1, 180, ?, 'embedded', ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < albums; i++) {
      const artist = `Artist ${String(Math.floor(i / 3)).padStart(4, '0')}`;
      const title = `Album ${String(i).padStart(5, '0')}`;
      const path = join(dir, 'music', artist, title, '01.mp3');
      const artwork = insertArtwork.run(`synthetic-${i}`, Buffer.from(path), thumbnails[i % DISTINCT_THUMBNAILS], now).lastInsertRowid;
      for (const kind of DESCRIPTOR_KINDS) {
        const vector = Float32Array.from({ length: kind.dim }, () => random() - 0.5);
        insertDescriptor.run(artwork, kind.name, kind.version, Buffer.from(vector.buffer));
      }
      const album = insertAlbum.run(`${artist}\u0000${title}`, artist, title, 1960 + (i % 60), join(dir, 'music', artist, title), artwork, 'embedded').lastInsertRowid;
      insertTrack.run(Buffer.from(path), path, root, album, `Track of ${title}`, artwork, now);
    }
  })();
  db.close();
  return dbPath;
}
