import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactSearch, normaliseRows } from '../../src/main/index/exact.js';
import type { CoverSearch } from '../../src/main/playlists/cover-space.js';
import { CoverSpace } from '../../src/main/playlists/cover-space.js';
import { loadAlbums } from '../../src/main/playlists/library-view.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';

/** One album of a synthetic library. */
export interface FixtureAlbum {
  readonly artist: string;
  readonly album: string;
  /** The cover's vector per descriptor kind; absent for an album without a cover. */
  readonly cover?: Readonly<Record<string, readonly number[]>>;
  /** Albums with the same coverKey share one artwork row (one picture). */
  readonly coverKey?: string;
  /** Track count (default 5). */
  readonly tracks?: number;
  /** The artist of track i, when it differs from the album's (compilations). */
  readonly trackArtist?: (i: number) => string;
  /** The title of track i (default "Track i"). */
  readonly trackTitle?: (i: number) => string;
  /** Seconds per track (default 200), or null for unknown. */
  readonly duration?: number | null;
}

export interface Library {
  readonly db: Db;
  readonly dir: string;
  readonly dbPath: string;
  /** Album ids in the order the albums were given. */
  readonly ids: number[];
  close(): void;
}

/** Descriptor version written for every kind unless told otherwise. */
export const FIXTURE_VERSION = 1;

/**
 * A library database in a fresh temporary folder with the given albums,
 * artworks and descriptor rows, and real (empty) files for every track.
 */
export function makeLibrary(albums: readonly FixtureAlbum[], versions: Readonly<Record<string, number>> = {}): Library {
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-playlists-'));
  const dbPath = join(dir, 'data', 'library.db');
  const db = openDatabase(dbPath);
  const artworkIds = new Map<string, number>();
  const ids: number[] = [];
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, 'png', 500, 500, 1000, 'folder', ?, 0)`,
  );
  const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const insertAlbum = db.prepare(
    'INSERT INTO albums (key, artist, album, folder, artwork_id, cover_source) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (path_raw, path, size, mtime_ms, album_id, title, artist, album, track_no, disc_no, duration, scanned_at)
     VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, 1, ?, 0)`,
  );
  db.transaction(() => {
    albums.forEach((spec, n) => {
      let artworkId: number | null = null;
      if (spec.cover) {
        const key = spec.coverKey ?? `album-${n}`;
        artworkId = artworkIds.get(key) ?? null;
        if (artworkId === null) {
          artworkId = Number(insertArtwork.run(key, Buffer.from(key)).lastInsertRowid);
          artworkIds.set(key, artworkId);
          for (const [kind, vector] of Object.entries(spec.cover)) {
            const blob = Buffer.from(new Float32Array(vector).buffer);
            insertDescriptor.run(artworkId, kind, versions[kind] ?? FIXTURE_VERSION, blob);
          }
        }
      }
      const folder = join(dir, 'music', spec.artist, spec.album);
      mkdirSync(folder, { recursive: true });
      const albumId = Number(
        insertAlbum.run(`${spec.artist}\u0000${spec.album}\u0000${n}`, spec.artist, spec.album, folder, artworkId, artworkId === null ? null : 'folder')
          .lastInsertRowid,
      );
      ids.push(albumId);
      for (let i = 1; i <= (spec.tracks ?? 5); i++) {
        const title = spec.trackTitle?.(i) ?? `Track ${i}`;
        const path = join(folder, `${String(i).padStart(2, '0')} ${title}.mp3`);
        writeFileSync(path, '');
        const artist = spec.trackArtist?.(i) ?? spec.artist;
        insertTrack.run(Buffer.from(path), path, albumId, title, artist, spec.album, i, spec.duration === undefined ? 200 : spec.duration);
      }
    });
  })();
  return {
    db,
    dir,
    dbPath,
    ids,
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Exact cosine search over the descriptor rows of one kind: the stand-in for the ANN index in these tests. */
export function exactIndex(db: Db, kind: string, dim: number, version = FIXTURE_VERSION): CoverSearch {
  const rows = db
    .prepare('SELECT artwork_id AS id, vector FROM descriptors WHERE kind = ? AND version = ? ORDER BY artwork_id')
    .all(kind, version) as { id: number; vector: Buffer }[];
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((row, i) => vectors.set(new Float32Array(row.vector.buffer, row.vector.byteOffset, dim), i * dim));
  normaliseRows(vectors, dim);
  const ids = rows.map((row) => row.id);
  const rowOf = new Map(ids.map((id, i) => [id, i]));
  return {
    size: ids.length,
    search: (query, k, exclude) => exactSearch(vectors, ids, query, k, exclude),
    vector: (id) => {
      const row = rowOf.get(id);
      return row === undefined ? undefined : vectors.slice(row * dim, (row + 1) * dim);
    },
  };
}

/** A cover space over the library with exact search for each kind of the mix. */
export function testSpace(db: Db, mix: readonly { name: string; weight: number; dim: number }[]): CoverSpace {
  return new CoverSpace(
    loadAlbums(db),
    mix.map((kind) => ({ ...kind, index: exactIndex(db, kind.name, kind.dim) })),
  );
}

/** A unit vector in `dim` dimensions at `angle` radians in the plane of the first two axes. */
export function onCircle(angle: number, dim = 4): number[] {
  const vector = new Array<number>(dim).fill(0);
  vector[0] = Math.cos(angle);
  vector[1] = Math.sin(angle);
  return vector;
}
