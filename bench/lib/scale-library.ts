/**
 * The synthetic part of bench/scale's library: albums, tracks, covers and
 * descriptors written straight into SQLite, under a music folder that does
 * not exist (a root that cannot be listed keeps its tracks, so rescans of the
 * real folders leave them alone).
 *
 * Names are drawn from a small vocabulary so that a word search matches a
 * realistic share of albums. Descriptors of every kind are clustered data of
 * low intrinsic dimension (bench/lib/clustered-vectors.ts) at the kind's real
 * dimension, written in chunks so that 100,000 gist vectors never sit in
 * memory at once.
 */
import { SCAN_KINDS } from '../../src/main/artwork/kinds.js';
import type { Db } from '../../src/main/store/db.js';
import { mulberry32 } from '../../src/shared/random.js';
import { clusteredSpace } from './clustered-vectors.js';

const WORDS = [
  'amber', 'blue', 'cinder', 'delta', 'echo', 'fable', 'glass', 'harbor', 'iron', 'jade', 'kite', 'lumen', 'marble',
  'night', 'orbit', 'paper', 'quartz', 'river', 'silver', 'tide', 'umber', 'velvet', 'winter', 'xenon', 'yellow', 'zephyr',
  'north', 'south', 'garden', 'machine', 'ocean', 'shadow', 'signal', 'static', 'summer', 'thunder', 'violet', 'willow',
];
/** Covers per cluster on average: labels, series and styles share a look. */
const COVERS_PER_CLUSTER = 250;
const VECTOR_CHUNK = 2000;
const TRACK_SECONDS = 200;

export interface SyntheticOptions {
  readonly albums: number;
  readonly tracksPerAlbum: number;
  /** A folder that does not exist: the albums' tracks are recorded under it. */
  readonly rootPath: string;
  readonly seed: number;
}

function words(random: () => number, count: number): string {
  return Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)])
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

export function addSyntheticAlbums(db: Db, options: SyntheticOptions): void {
  const { albums, tracksPerAlbum, rootPath, seed } = options;
  const random = mulberry32(seed);
  const now = Date.now();
  const rootId = Number(db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run(rootPath, now).lastInsertRowid);
  const insertArtwork = db.prepare(
    `INSERT INTO artworks (sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, 'jpeg', 600, 600, 80000, 'embedded', ?, ?)`,
  );
  const insertAlbum = db.prepare(
    'INSERT INTO albums (key, artist, album, year, genre, folder, artwork_id, cover_source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertTrack = db.prepare(
    `INSERT INTO tracks (path_raw, path, root_id, size, mtime_ms, album_id, title, artist, album, track_no, disc_no, year,
       duration, container, codec, artwork_id, artwork_source, scanned_at)
     VALUES (?, ?, ?, 4000000, ?, ?, ?, ?, ?, ?, 1, ?, ?, 'MPEG', 'MPEG 1 Layer 3', ?, 'embedded', ?)`,
  );
  const insertDescriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const clusters = Math.max(1, Math.round(albums / COVERS_PER_CLUSTER));
  const spaces = SCAN_KINDS.map((kind, k) => ({ kind, space: clusteredSpace({ dim: kind.dim, clusters, seed: seed + k }) }));

  for (let start = 0; start < albums; start += VECTOR_CHUNK) {
    const count = Math.min(VECTOR_CHUNK, albums - start);
    const vectors = spaces.map(({ kind, space }) => ({ kind, rows: space.sample(count, seed + 1000 + start) }));
    db.transaction(() => {
      for (let i = 0; i < count; i++) {
        const n = start + i;
        const artist = words(random, 2);
        const title = words(random, 1 + Math.floor(random() * 3));
        const year = 1950 + Math.floor(random() * 75);
        const folder = `${rootPath}/${artist}/${title} (${n})`;
        const artworkId = Number(insertArtwork.run(`synthetic-${seed}-${n}`, Buffer.from(`${folder}/01.mp3`), now).lastInsertRowid);
        for (const { kind, rows } of vectors) {
          insertDescriptor.run(artworkId, kind.name, kind.version, Buffer.from(rows.buffer, i * kind.dim * 4, kind.dim * 4));
        }
        const albumId = Number(
          insertAlbum.run(`${artist}\u0000${title}\u0000${n}`, artist, title, year, 'Rock', folder, artworkId, 'embedded').lastInsertRowid,
        );
        for (let t = 1; t <= tracksPerAlbum; t++) {
          const path = `${folder}/${String(t).padStart(2, '0')} - Track ${t}.mp3`;
          insertTrack.run(Buffer.from(path), path, rootId, now, albumId, `Track ${t}`, artist, title, t, year, TRACK_SECONDS, artworkId, now);
        }
      }
    })();
  }
}
