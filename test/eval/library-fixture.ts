import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESCRIPTOR_KINDS } from '../../src/main/artwork/kinds.js';
import { mulberry32 } from '../../src/shared/random.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { gaussian } from './synthetic.js';

export interface FixtureAlbum {
  readonly artist: string;
  readonly genre: string | null;
  readonly year?: number | null;
  readonly compilation?: boolean;
  /** Genres of its tracks (one track each). */
  readonly trackGenres?: readonly (string | null)[];
  /** Index of the colour direction its `color` vector leans to; other kinds are noise. */
  readonly colour: number;
}

export interface FixtureLibrary {
  readonly dir: string;
  readonly dbPath: string;
  readonly db: Db;
  readonly albumIds: number[];
  dispose(): void;
}

/**
 * A library database with albums, tracks, artworks and current descriptors of
 * every registry kind: `color` leans to the album's colour direction, `tiny`
 * and `gist` are noise (gist non-negative, like the real one).
 */
export function fixtureLibrary(albums: readonly FixtureAlbum[], seed = 1): FixtureLibrary {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-eval-test-'));
  const dbPath = join(dir, 'library.db');
  const db = openDatabase(dbPath);
  const normal = gaussian(mulberry32(seed));
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, 'jpeg', 300, 300, 1000, 'folder', ?, 0)`,
  );
  const insertAlbum = db.prepare(
    `INSERT INTO albums (key, artist, album, compilation, year, genre, folder, artwork_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (path_raw, path, size, mtime_ms, album_id, title, genre, year, scanned_at) VALUES (?, ?, 1, 0, ?, ?, ?, ?, 0)`,
  );
  const insertVector = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const albumIds: number[] = [];
  db.transaction(() => {
    albums.forEach((album, i) => {
      const artworkId = Number(insertArtwork.run(`sha-${i}`, Buffer.from(`/music/${i}/cover.jpg`)).lastInsertRowid);
      const albumId = Number(
        insertAlbum.run(`key-${i}`, album.artist, `Album ${i}`, album.compilation ? 1 : 0, album.year ?? null, album.genre, `/music/${i}`, artworkId)
          .lastInsertRowid,
      );
      albumIds.push(albumId);
      (album.trackGenres ?? [null]).forEach((genre, t) => {
        const path = `/music/${i}/${t}.mp3`;
        insertTrack.run(Buffer.from(path), path, albumId, `Track ${t}`, genre, album.year ?? null);
      });
      for (const kind of DESCRIPTOR_KINDS) {
        const vector = new Float32Array(kind.dim);
        for (let k = 0; k < kind.dim; k++) {
          const noise = normal();
          vector[k] = kind.name === 'color' ? (k === album.colour ? 3 : 0) + 0.4 * noise : kind.name === 'gist' ? Math.abs(noise) : noise;
        }
        insertVector.run(artworkId, kind.name, kind.version, Buffer.from(vector.buffer));
      }
    });
  })();
  return {
    dir,
    dbPath,
    db,
    albumIds,
    dispose() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Captures what a command prints. */
export function captureContext(dbPath: string): {
  ctx: { stdout: (text: string) => void; stderr: (text: string) => void; interactive: boolean; dbPath: string };
  out: () => string;
  err: () => string;
} {
  let out = '';
  let err = '';
  return {
    ctx: { stdout: (text) => (out += text), stderr: (text) => (err += text), interactive: false, dbPath },
    out: () => out,
    err: () => err,
  };
}
