import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { makeCatalog, safeName, type CatalogAlbum } from './catalog.js';
import { makeCover, type CoverStyle } from './covers.js';
import { id3v2Tag, PictureType, type Id3v2Version } from './id3.js';
import { silentMp3, silentMp3Duration } from './mp3-frames.js';
import { claimOutputDir, completeOutputDir } from './output-dir.js';
import { Rng, subSeed } from './rng.js';

/**
 * The sample library behind `sleeve demo`: made-up albums of silent MP3s with
 * real tags and generated covers, laid out and tagged the ways real libraries
 * are (embedded art, folder art, a compilation, a two-disc set, one album
 * without art). Needs only sharp: no ffmpeg, no network.
 */

export interface DemoLibraryOptions {
  /** Number of albums; default 40. */
  readonly albums?: number;
  /** Tracks per album; default 3 to 6, drawn per album. */
  readonly tracksPerAlbum?: number;
  readonly seed?: number;
}

export type DemoCoverSource = 'embedded' | 'folder' | 'none';

export interface DemoTrack {
  /** Relative to the library root, '/'-separated. */
  readonly path: string;
  readonly title: string;
  readonly artist: string;
  readonly album: string;
  readonly albumArtist: string;
  readonly trackNo: number;
  readonly discNo: number;
  readonly genre: string;
  readonly year: number;
  readonly durationSeconds: number;
}

export interface DemoAlbum {
  /** Folder of the album relative to the root; a two-disc album's tracks sit in "Disc 1"/"Disc 2" below it. */
  readonly dir: string;
  readonly title: string;
  readonly albumArtist: string;
  readonly genre: string;
  readonly year: number;
  readonly style: CoverStyle;
  readonly cover: DemoCoverSource;
  /** The folder image (relative path) when cover is 'folder'. */
  readonly coverPath?: string;
  readonly discs: number;
  readonly compilation: boolean;
  readonly trackPaths: readonly string[];
}

export interface DemoLibraryManifest {
  /** Absolute path of the library folder. */
  readonly root: string;
  readonly albums: readonly DemoAlbum[];
  readonly tracks: readonly DemoTrack[];
}

const GENERATOR = 'demo-library';
/** Bumped whenever the output changes, so stale cached libraries are rebuilt. */
const GENERATOR_VERSION = 1;
const DEFAULT_ALBUMS = 40;
const TRACK_RANGE: readonly [number, number] = [3, 6];
const DEFAULT_SEED = 2014;
const COVER_SIZE = 600;
/** Whole seconds of silence per track, drawn in this range. */
const DURATION_RANGE: readonly [number, number] = [8, 20];

/** Which albums get which special treatment (by position, so small libraries still have them). */
const COMPILATION_INDEX = 3;
const TWO_DISC_INDEX = 7;
const NO_ART_INDEX = 11;
const FOLDER_ART_EVERY = 9;
const FOLDER_ART_OFFSET = 5;
const ID3V24_EVERY = 5;

/** Writes the demo library into `dir` (created if needed; reused when already complete). */
export async function makeDemoLibrary(dir: string, options: DemoLibraryOptions = {}): Promise<DemoLibraryManifest> {
  const root = resolve(dir);
  const settings = {
    albums: options.albums ?? DEFAULT_ALBUMS,
    tracksPerAlbum: options.tracksPerAlbum ?? TRACK_RANGE,
    seed: options.seed ?? DEFAULT_SEED,
    version: GENERATOR_VERSION,
  };
  const key = JSON.stringify(settings);
  const cached = await claimOutputDir<Omit<DemoLibraryManifest, 'root'>>(root, GENERATOR, key);
  if (cached) return { root, ...cached };

  const catalog = makeCatalog({
    albums: settings.albums,
    tracksPerAlbum: settings.tracksPerAlbum,
    seed: settings.seed,
    compilationIndex: COMPILATION_INDEX,
    twoDiscIndex: TWO_DISC_INDEX,
  });
  const rng = new Rng(subSeed(settings.seed, 'durations'));
  const audio = new Map<number, Buffer>();
  const albums: DemoAlbum[] = [];
  const tracks: DemoTrack[] = [];
  for (const [index, album] of catalog.entries()) {
    const made = await writeAlbum(root, album, coverSource(index, album), index % ID3V24_EVERY === ID3V24_EVERY - 1 ? 4 : 3, (seconds) => {
      let bytes = audio.get(seconds);
      if (!bytes) audio.set(seconds, (bytes = silentMp3(seconds)));
      return bytes;
    }, rng);
    albums.push(made.album);
    tracks.push(...made.tracks);
  }
  const manifest = { albums, tracks };
  await completeOutputDir(root, GENERATOR, key, manifest);
  return { root, ...manifest };
}

function coverSource(index: number, album: CatalogAlbum): DemoCoverSource {
  if (index === NO_ART_INDEX) return 'none';
  if (album.discs > 1 || index % FOLDER_ART_EVERY === FOLDER_ART_OFFSET) return 'folder';
  return 'embedded';
}

async function writeAlbum(
  root: string,
  album: CatalogAlbum,
  cover: DemoCoverSource,
  id3Version: Id3v2Version,
  silence: (seconds: number) => Buffer,
  rng: Rng,
): Promise<{ album: DemoAlbum; tracks: DemoTrack[] }> {
  const dir = `${safeName(album.albumArtist)}/${safeName(album.title)}`;
  await mkdir(join(root, dir), { recursive: true });
  const image = cover === 'none' ? null : await makeCover(album.coverSeed, album.style, COVER_SIZE, 'jpeg');
  let coverPath: string | undefined;
  if (image && cover === 'folder') {
    coverPath = `${dir}/cover.jpg`;
    await writeFile(join(root, coverPath), image);
  }
  const tracks: DemoTrack[] = [];
  for (const track of album.tracks) {
    const folder = album.discs > 1 ? `${dir}/Disc ${track.discNo}` : dir;
    const name = album.compilation ? `${track.artist} - ${track.title}` : track.title;
    const path = `${folder}/${String(track.trackNo).padStart(2, '0')} - ${safeName(name)}.mp3`;
    const seconds = rng.int(DURATION_RANGE[0], DURATION_RANGE[1]);
    const tag = id3v2Tag(
      {
        title: track.title,
        artist: track.artist,
        albumArtist: album.albumArtist,
        album: album.title,
        track: `${track.trackNo}/${album.tracks.filter((t) => t.discNo === track.discNo).length}`,
        disc: album.discs > 1 ? `${track.discNo}/${album.discs}` : undefined,
        year: album.year,
        genre: album.genre,
        compilation: album.compilation,
        pictures: image && cover === 'embedded' ? [{ type: PictureType.FrontCover, mime: 'image/jpeg', description: '', data: image }] : [],
      },
      { version: id3Version },
    );
    await mkdir(join(root, folder), { recursive: true });
    await writeFile(join(root, path), Buffer.concat([tag, silence(seconds)]));
    tracks.push({
      path,
      title: track.title,
      artist: track.artist,
      album: album.title,
      albumArtist: album.albumArtist,
      trackNo: track.trackNo,
      discNo: track.discNo,
      genre: album.genre,
      year: album.year,
      durationSeconds: silentMp3Duration(seconds),
    });
  }
  return {
    album: {
      dir,
      title: album.title,
      albumArtist: album.albumArtist,
      genre: album.genre,
      year: album.year,
      style: album.style,
      cover,
      coverPath,
      discs: album.discs,
      compilation: album.compilation,
      trackPaths: tracks.map((t) => t.path),
    },
    tracks,
  };
}
