import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseFile, type IPicture } from 'music-metadata';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestLibrary, sha256, type AudioFormat, type ExpectedTrack, type TestLibraryManifest } from '../fixtures/make-test-library.js';

const run = promisify(execFile);
let base: string;
let library: TestLibraryManifest;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'sleeve-test-lib-'));
  library = await makeTestLibrary(join(base, 'music'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

/** Whether sharp can decode the bytes with its default limits (as a scanner would). */
async function decodes(data: Uint8Array): Promise<boolean> {
  try {
    await sharp(data).raw().toBuffer();
    return true;
  } catch {
    return false;
  }
}

/** The picture a correct scanner picks: the first decodable "Cover (front)", else the first decodable picture. */
async function chosenPicture(pictures: readonly IPicture[]): Promise<IPicture | null> {
  const ordered = [...pictures.filter((p) => p.type === 'Cover (front)'), ...pictures.filter((p) => p.type !== 'Cover (front)')];
  for (const picture of ordered) if (await decodes(picture.data)) return picture;
  return null;
}

/** The real type of image bytes, from their magic numbers. */
function sniff(data: Uint8Array): string {
  if (data[0] === 0xff && data[1] === 0xd8) return 'image/jpeg';
  if (data[0] === 0x89 && data[1] === 0x50) return 'image/png';
  return 'unknown';
}

/** The attached picture as ffmpeg demuxes it (used for WMA: see the note in the WMA case). */
async function ffmpegPicture(file: string): Promise<Buffer> {
  const { stdout } = await run('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-c', 'copy', '-f', 'image2pipe', '-'], {
    encoding: 'buffer',
    maxBuffer: 16 << 20,
  });
  return stdout as Buffer;
}

/**
 * Decodes all audio; resolves to ffmpeg's complaints about it ('' when clean;
 * its image decoders' complaints about attached pictures are not about the
 * audio) and the number of output bytes.
 */
async function decodeAudio(file: string): Promise<{ errors: string; bytes: number }> {
  try {
    const { stdout, stderr } = await run('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-map', '0:a', '-f', 's16le', '-'], {
      encoding: 'buffer',
      maxBuffer: 64 << 20,
    });
    const errors = stderr.toString().split('\n').filter((line) => line !== '' && !/^\[(png|mjpeg) @/.test(line));
    return { errors: errors.join('\n'), bytes: (stdout as Buffer).length };
  } catch (error) {
    return { errors: String((error as { stderr?: Buffer }).stderr ?? error), bytes: 0 };
  }
}

const trackOf = (path: string): ExpectedTrack => library.tracks.find((t) => t.path === path)!;

describe('makeTestLibrary', () => {
  it('has an album with an embedded front cover for every promised format', () => {
    const formats: AudioFormat[] = ['mp3', 'flac', 'm4a-aac', 'm4a-alac', 'ogg-vorbis', 'opus', 'wav', 'aiff', 'wma', 'wavpack', 'dsf'];
    for (const format of formats) {
      const album = library.albums.find((a) => a.id === `format-${format}`);
      expect(album?.cover?.source, format).toBe('embedded');
      expect(album!.trackPaths.every((p) => trackOf(p).format === format)).toBe(true);
    }
    expect(new Set(library.albums.map((a) => a.cover?.sha256).filter((s) => s)).size).toBeGreaterThan(20);
  });

  it('writes real audio: a track of every album decodes with ffmpeg without complaint', async () => {
    const paths = library.albums.map((a) => a.trackPaths[0]);
    const results = [];
    for (let i = 0; i < paths.length; i += 2) {
      results.push(...(await Promise.all(paths.slice(i, i + 2).map(async (p) => [p, await decodeAudio(join(library.root, p))] as const))));
    }
    for (const [path, { errors, bytes }] of results) {
      expect(errors, path).toBe('');
      expect(bytes, path).toBeGreaterThan(0);
    }
  });

  it('stores the tags the manifest promises, read back by music-metadata', async () => {
    for (const t of library.tracks) {
      const { common } = await parseFile(join(library.root, t.path));
      expect([common.title, common.artist, common.album], t.path).toEqual([t.title, t.artist, t.album]);
      expect(common.albumartist ?? null, t.path).toBe(t.albumArtist);
      expect(common.track.no, t.path).toBe(t.trackNo);
      expect(common.disk.no, t.path).toBe(t.discNo);
      expect(common.compilation ?? false, t.path).toBe(t.compilationFlag);
    }
  });

  it('embeds pictures so that the expected one is found, with the expected bytes and real type', async () => {
    for (const t of library.tracks.filter((x) => x.cover?.source === 'embedded')) {
      const file = join(library.root, t.path);
      if (t.format === 'wma') {
        // music-metadata 11.16 misreads WM/Picture (it reads from the start of the
        // containing buffer), so the bytes are checked through ffmpeg's ASF demuxer.
        expect(sha256(await ffmpegPicture(file)), t.path).toBe(t.cover!.sha256);
        continue;
      }
      const pictures = (await parseFile(file)).common.picture ?? [];
      const chosen = await chosenPicture(pictures);
      expect(chosen, t.path).not.toBeNull();
      expect(sha256(chosen!.data), t.path).toBe(t.cover!.sha256);
      expect(sniff(chosen!.data), t.path).toBe(t.cover!.mime);
    }
  });

  it('front beats an earlier back cover; lying MIME types still hold real JPEGs', async () => {
    const backThenFront = library.albums.find((a) => a.id === 'back-then-front')!;
    const pictures = (await parseFile(join(library.root, backThenFront.trackPaths[0]))).common.picture!;
    expect(pictures.map((p) => p.type)).toEqual(['Cover (back)', 'Cover (front)']);
    expect(sha256(pictures[1].data)).toBe(backThenFront.cover!.sha256);

    for (const [id, mime] of [['garbled-mime-mp3', 'application/octet-stream'], ['garbled-mime-flac', 'image/jpg\u0000garbage']]) {
      const album = library.albums.find((a) => a.id === id)!;
      const [picture] = (await parseFile(join(library.root, album.trackPaths[0]))).common.picture!;
      expect(picture.format).toBe(mime);
      expect(sniff(picture.data)).toBe('image/jpeg');
      expect(await decodes(picture.data)).toBe(true);
    }
  });

  it('has pictures that must be rejected with an error: a truncated first JPEG and a decompression bomb', async () => {
    const badPictures = library.errors.filter((e) => e.kind === 'bad-picture');
    expect(badPictures).toHaveLength(2);
    for (const error of badPictures) {
      const pictures = (await parseFile(join(library.root, error.path))).common.picture!;
      expect(await decodes(pictures[0].data), error.path).toBe(false);
    }
    const bomb = library.albums.find((a) => a.id === 'decompression-bomb')!;
    const [png] = (await parseFile(join(library.root, bomb.trackPaths[0]))).common.picture!;
    expect(png.data.length).toBeLessThan(200_000);
    const meta = await sharp(png.data, { limitInputPixels: false }).metadata();
    expect([meta.width, meta.height]).toEqual([30000, 30000]);
    expect(bomb.cover).toBeNull();
    expect(trackOf(bomb.trackPaths[0]).cover).toBeNull();
  });

  it('puts folder art beside tracks that embed none, including a parent-folder cover for disc subfolders', async () => {
    const folderTracks = library.tracks.filter((t) => t.cover?.source === 'folder');
    expect(new Set(folderTracks.map((t) => t.cover!.path))).toEqual(
      new Set(['Folder Art/Upper Case Cover/Cover.JPG', 'Folder Art/PNG Folder Image/folder.png', 'Disc Spanner/Two Sides/cover.jpg']),
    );
    for (const t of folderTracks) {
      expect((await parseFile(join(library.root, t.path))).common.picture ?? [], t.path).toEqual([]);
      const image = await readFile(join(library.root, t.cover!.path!));
      expect(sha256(image)).toBe(t.cover!.sha256);
      expect(sniff(image)).toBe(t.cover!.mime);
    }
    const multiDisc = library.albums.find((a) => a.id === 'multi-disc')!;
    expect(multiDisc.dir).toBe('Disc Spanner/Two Sides');
    expect(new Set(multiDisc.trackPaths.map((p) => p.split('/')[2]))).toEqual(new Set(['Disc 1', 'CD 2']));
    expect(new Set(multiDisc.trackPaths.map((p) => trackOf(p).discNo))).toEqual(new Set([1, 2]));
  });

  it('has compilations by album artist, by TCMP alone and by cpil alone, each with several track artists', () => {
    for (const id of ['various-artists', 'compilation-flag-mp3', 'compilation-flag-m4a']) {
      const album = library.albums.find((a) => a.id === id)!;
      expect([album.compilation, album.artist]).toEqual([true, 'Various Artists']);
      const tracks = album.trackPaths.map(trackOf);
      expect(new Set(tracks.map((t) => t.artist)).size).toBe(3);
      expect(new Set(tracks.map((t) => t.album)).size).toBe(1);
    }
    expect(trackOf(library.albums.find((a) => a.id === 'compilation-flag-m4a')!.trackPaths[0]).format).toBe('m4a-aac');
  });

  it('shares one cover across several albums, and keeps unicode, # and brackets in names', async () => {
    const [shared] = library.sharedCovers;
    expect(shared.albumIds).toHaveLength(3);
    for (const id of shared.albumIds) {
      for (const path of library.albums.find((a) => a.id === id)!.trackPaths) {
        expect(sha256((await parseFile(join(library.root, path))).common.picture![0].data)).toBe(shared.sha256);
      }
    }
    expect(library.tracks.map((t) => t.path)).toContain('Sigur Rós/Ágætis byrjun [#1]/01 Svefn-g-englar.mp3');
  });

  it('has broken audio files that yield no audio, and files a scan must ignore', async () => {
    const unreadable = library.errors.filter((e) => e.kind === 'unreadable-audio');
    expect(unreadable.map((e) => e.path.split('/').at(-1))).toEqual(['01 Empty.mp3', '02 Not Audio.mp3', '03 Truncated.flac', '04 Corrupt.m4a']);
    for (const error of unreadable) {
      const { errors, bytes } = await decodeAudio(join(library.root, error.path));
      expect(errors !== '' || bytes === 0, error.path).toBe(true);
    }
    expect((await stat(join(library.root, unreadable[0].path))).size).toBe(0);
    for (const path of library.ignored) expect((await stat(join(library.root, path))).isFile(), path).toBe(true);
    expect(library.ignored).toEqual(expect.arrayContaining(['.hidden/Hidden Artist/Hidden Album/01 Secret.mp3', '.DS_Store', 'Broken Stuff/Bad Files/notes.txt']));
  });

  it('reuses a complete library', async () => {
    expect(await makeTestLibrary(library.root)).toEqual(library);
  });
});
