import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeCatalog, safeName, type CatalogAlbum } from '../../src/main/demo/catalog.js';
import { makeCover, type CoverStyle } from '../../src/main/demo/covers.js';
import { id3v2Tag, PictureType } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import { claimOutputDir, completeOutputDir } from '../../src/main/demo/output-dir.js';

/**
 * A large library for benchmarks: by default 1,000 albums of 10 silent MP3s,
 * each album with its own textured 600×600 JPEG (about 60–130 KB, like real
 * cover scans) embedded as an ID3v2.3 front cover in every track. The audio
 * bytes are shared by all tracks and the cover by all tracks of its album;
 * only the small text frames differ. A complete library is reused.
 *
 * Run directly to (re)build one and print figures:
 *   npx tsx bench/lib/make-bench-library.ts [dir] [--albums N] [--tracks N]
 */

export interface BenchLibraryOptions {
  readonly albums?: number;
  readonly tracksPerAlbum?: number;
  readonly seed?: number;
  /** Seconds of silence per track; default 3. */
  readonly trackSeconds?: number;
}

export interface BenchAlbum {
  /** Relative to the root, '/'-separated. */
  readonly dir: string;
  readonly title: string;
  readonly albumArtist: string;
  readonly genre: string;
  readonly style: CoverStyle;
  readonly coverBytes: number;
  readonly trackPaths: readonly string[];
}

export interface BenchLibrary {
  readonly root: string;
  readonly albums: readonly BenchAlbum[];
  readonly trackCount: number;
  readonly totalBytes: number;
  /** True when an existing complete library was reused instead of written. */
  readonly reused: boolean;
}

const GENERATOR = 'bench-library';
const GENERATOR_VERSION = 1;
const COVER_SIZE = 600;
/** Albums in flight at once: rendering on the main thread overlaps JPEG encoding and file writes in libuv's pool. */
const ALBUM_CONCURRENCY = 4;

export async function makeBenchLibrary(dir: string, options: BenchLibraryOptions = {}): Promise<BenchLibrary> {
  const root = resolve(dir);
  const settings = {
    albums: options.albums ?? 1000,
    tracksPerAlbum: options.tracksPerAlbum ?? 10,
    seed: options.seed ?? 1,
    trackSeconds: options.trackSeconds ?? 3,
    version: GENERATOR_VERSION,
  };
  const key = JSON.stringify(settings);
  const cached = await claimOutputDir<Omit<BenchLibrary, 'root' | 'reused'>>(root, GENERATOR, key);
  if (cached) return { root, ...cached, reused: true };

  const catalog = makeCatalog({ albums: settings.albums, tracksPerAlbum: settings.tracksPerAlbum, seed: settings.seed });
  const audio = silentMp3(settings.trackSeconds);
  const albums: BenchAlbum[] = new Array(catalog.length);
  let totalBytes = 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < catalog.length) {
      const index = next++;
      const written = await writeAlbum(root, catalog[index], audio);
      albums[index] = written.album;
      totalBytes += written.bytes;
    }
  };
  await Promise.all(Array.from({ length: ALBUM_CONCURRENCY }, worker));
  const manifest = { albums, trackCount: albums.reduce((n, a) => n + a.trackPaths.length, 0), totalBytes };
  await completeOutputDir(root, GENERATOR, key, manifest);
  return { root, ...manifest, reused: false };
}

async function writeAlbum(root: string, album: CatalogAlbum, audio: Buffer): Promise<{ album: BenchAlbum; bytes: number }> {
  const dir = `${safeName(album.albumArtist)}/${safeName(album.title)}`;
  const [cover] = await Promise.all([makeCover(album.coverSeed, album.style, COVER_SIZE, 'jpeg'), mkdir(join(root, dir), { recursive: true })]);
  const picture = { type: PictureType.FrontCover, mime: 'image/jpeg', description: '', data: cover };
  let bytes = 0;
  const trackPaths = await Promise.all(
    album.tracks.map(async (track) => {
      const path = `${dir}/${String(track.trackNo).padStart(2, '0')} - ${safeName(track.title)}.mp3`;
      const tag = id3v2Tag({
        title: track.title,
        artist: track.artist,
        albumArtist: album.albumArtist,
        album: album.title,
        track: `${track.trackNo}/${album.tracks.length}`,
        year: album.year,
        genre: album.genre,
        pictures: [picture],
      });
      await writeFile(join(root, path), Buffer.concat([tag, audio]));
      bytes += tag.length + audio.length;
      return path;
    }),
  );
  return {
    album: { dir, title: album.title, albumArtist: album.albumArtist, genre: album.genre, style: album.style, coverBytes: cover.length, trackPaths },
    bytes,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string): number | undefined => {
    const at = args.indexOf(name);
    return at >= 0 ? Number(args[at + 1]) : undefined;
  };
  const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const dir = positional[0] ?? join(tmpdir(), 'sleeve-bench-library');
  const started = performance.now();
  const library = await makeBenchLibrary(dir, { albums: flag('--albums'), tracksPerAlbum: flag('--tracks') });
  const seconds = (performance.now() - started) / 1000;
  const covers = library.albums.map((a) => a.coverBytes).sort((a, b) => a - b);
  const kb = (n: number): string => (n / 1024).toFixed(0);
  console.log(`library      ${library.root}${library.reused ? ' (reused)' : ''}`);
  console.log(`albums       ${library.albums.length}`);
  console.log(`tracks       ${library.trackCount}`);
  console.log(`total size   ${(library.totalBytes / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`cover JPEG   min ${kb(covers[0])} KB, median ${kb(covers[covers.length >> 1])} KB, max ${kb(covers[covers.length - 1])} KB`);
  console.log(`time         ${seconds.toFixed(1)} s (${(library.trackCount / seconds).toFixed(0)} tracks/s)`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
