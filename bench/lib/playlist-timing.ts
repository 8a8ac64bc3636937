/**
 * Playlist timing for bench/similar: the time to build a 40-track playlist
 * from a 1,000-album library (goal: ≤ 50 ms on the 2-core machine).
 *
 * The library is synthetic: 1,000 albums of 10 tracks, each with its own
 * cover whose gist and color vectors are clustered data of low intrinsic
 * dimension (bench/lib/clustered-vectors.ts), written to a real SQLite
 * database with real index files. Two figures per mix of kinds:
 *   build      – from an open library (indexes loaded) to the finished track
 *                list: seed lookup, candidates, MMR, tracks, ordering;
 *   end to end – what `sleeve playlist` does: open the database and the
 *                indexes from disk, resolve the seed, build, write the M3U8.
 * Each figure is wall-clock time, with the process's CPU time beside it: on a
 * machine busy with other work the CPU time is the steadier of the two.
 * Figures are printed, never asserted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getKind } from '../../src/main/artwork/kinds.js';
import { buildPlaylist } from '../../src/main/playlists/build.js';
import { CoverSpace } from '../../src/main/playlists/cover-space.js';
import { openCoverSession } from '../../src/main/playlists/session.js';
import { writePlaylist } from '../../src/main/playlists/write-playlist.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { clusteredSpace } from './clustered-vectors.js';
import { mulberry32 } from '../../src/shared/random.js';

export interface PlaylistBenchOptions {
  readonly albums?: number;
  readonly tracksPerAlbum?: number;
  /** Playlists timed per figure. */
  readonly runs?: number;
  /** Tracks per playlist. */
  readonly length?: number;
}

const SEED = 1989;
const MIXES = ['gist', 'gist:0.7,color:0.3'];
const KINDS = ['gist', 'color'];
/** Clusters of covers (labels, series, styles) in the synthetic library. */
const CLUSTERS = 40;
const TRACK_SECONDS = 180;

export async function benchPlaylist(options: PlaylistBenchOptions = {}): Promise<void> {
  const albums = options.albums ?? 1000;
  const tracksPerAlbum = options.tracksPerAlbum ?? 10;
  const runs = options.runs ?? 30;
  const length = options.length ?? 40;
  const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-playlist-'));
  const dbPath = join(dir, 'library.db');
  try {
    const db = openDatabase(dbPath);
    fillLibrary(db, dir, albums, tracksPerAlbum);
    const log = (message: string) => console.log(`  (${message})`);
    console.log(`playlist: ${length} tracks from a library of ${albums} albums × ${tracksPerAlbum} tracks, ${runs} runs each`);
    const pick = mulberry32(SEED);
    const seedIds = Array.from({ length: runs }, () => 1 + Math.floor(pick() * albums));

    for (const mix of MIXES) {
      const session = openCoverSession(db, dir, mix, log);
      const build: Timing[] = [];
      for (let run = 0; run < runs; run++) {
        const start = startTiming();
        const space = new CoverSpace(session.space.albums, session.space.kinds);
        const seed = { label: String(seedIds[run]), album: space.album(seedIds[run]), embedding: space.embedAlbum(seedIds[run])! };
        const playlist = buildPlaylist(db, space, [seed], { length: { tracks: length }, randomSeed: run });
        build.push(stopTiming(start));
        if (playlist.tracks.length !== length) throw new Error(`the playlist has ${playlist.tracks.length} tracks`);
      }
      console.log(`  ${mix.padEnd(20)} build       ${figures(build)}`);
    }
    db.close();

    for (const mix of MIXES) {
      const endToEnd: Timing[] = [];
      for (let run = 0; run < runs; run++) {
        const start = startTiming();
        const opened = openDatabase(dbPath);
        const session = openCoverSession(opened, dir, mix);
        const seed = await session.resolve(String(seedIds[run]));
        const playlist = buildPlaylist(opened, session.space, [seed], { length: { tracks: length }, randomSeed: run });
        writePlaylist(join(dir, 'mix.m3u8'), playlist.tracks, { force: true, absolute: false, title: 'bench' });
        opened.close();
        endToEnd.push(stopTiming(start));
      }
      console.log(`  ${mix.padEnd(20)} end to end  ${figures(endToEnd)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function fillLibrary(db: Db, dir: string, albums: number, tracksPerAlbum: number): void {
  const vectors = KINDS.map((name, k) => {
    const kind = getKind(name);
    const space = clusteredSpace({ dim: kind.dim, clusters: CLUSTERS, seed: SEED + k });
    return { kind, rows: space.sample(albums, SEED + 10 + k) };
  });
  const artwork = db.prepare(
    `INSERT INTO artworks (id, sha256, format, width, height, bytes, source, origin_path, created_at)
     VALUES (?, ?, 'jpeg', 600, 600, 50000, 'folder', ?, 0)`,
  );
  const descriptor = db.prepare('INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)');
  const album = db.prepare(
    `INSERT INTO albums (id, key, artist, album, folder, artwork_id, cover_source) VALUES (?, ?, ?, ?, ?, ?, 'folder')`,
  );
  const track = db.prepare(
    `INSERT INTO tracks (path_raw, path, size, mtime_ms, album_id, title, artist, album, track_no, duration, scanned_at)
     VALUES (?, ?, 0, 0, ?, ?, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let a = 0; a < albums; a++) {
      const id = a + 1;
      const artist = `Artist ${a % 300}`;
      const title = `Album ${id}`;
      const folder = join(dir, 'music', artist, title);
      artwork.run(id, `cover-${id}`, Buffer.from(join(folder, 'cover.jpg')));
      for (const { kind, rows } of vectors) {
        const row = rows.subarray(a * kind.dim, (a + 1) * kind.dim);
        descriptor.run(id, kind.name, kind.version, Buffer.from(row.buffer, row.byteOffset, row.byteLength));
      }
      album.run(id, `${artist}\u0000${title}`, artist, title, folder, id);
      for (let t = 1; t <= tracksPerAlbum; t++) {
        const path = join(folder, `${String(t).padStart(2, '0')} Song ${t}.flac`);
        track.run(Buffer.from(path), path, id, `Song ${t}`, artist, title, t, TRACK_SECONDS);
      }
    }
  })();
}

interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function startTiming(): { wall: number; cpu: NodeJS.CpuUsage } {
  return { wall: performance.now(), cpu: process.cpuUsage() };
}

function stopTiming(start: { wall: number; cpu: NodeJS.CpuUsage }): Timing {
  const cpu = process.cpuUsage(start.cpu);
  return { wall: performance.now() - start.wall, cpu: (cpu.user + cpu.system) / 1000 };
}

function figures(timings: Timing[]): string {
  const quantile = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  };
  const wall = timings.map((timing) => timing.wall);
  const cpu = timings.map((timing) => timing.cpu);
  return (
    `median ${quantile(wall, 0.5).toFixed(1)} ms (cpu ${quantile(cpu, 0.5).toFixed(1)} ms)   ` +
    `p90 ${quantile(wall, 0.9).toFixed(1)} ms   max ${Math.max(...wall).toFixed(1)} ms`
  );
}
