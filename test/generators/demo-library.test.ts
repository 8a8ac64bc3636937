import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDemoLibrary, type DemoLibraryManifest } from '../../src/main/demo/make-demo-library.js';
import { ForeignDirectoryError } from '../../src/main/demo/output-dir.js';

let base: string;
let library: DemoLibraryManifest;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'sleeve-demo-'));
  library = await makeDemoLibrary(join(base, 'demo'), { albums: 12 });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function mp3Files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.mp3')).map((e) => join(e.parentPath, e.name));
}

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('makeDemoLibrary', () => {
  it('writes the promised albums and 3 to 6 tracks per album, every one listed in the manifest', async () => {
    expect(library.albums).toHaveLength(12);
    for (const album of library.albums) {
      expect(album.trackPaths.length).toBeGreaterThanOrEqual(3);
      expect(album.trackPaths.length).toBeLessThanOrEqual(6);
    }
    const onDisk = (await mp3Files(library.root)).map((f) => f.slice(library.root.length + 1)).sort();
    expect(onDisk).toEqual(library.tracks.map((t) => t.path).sort());
  });

  it('tags every track as the manifest says, with the cover embedded only where promised', async () => {
    for (const album of library.albums) {
      for (const path of album.trackPaths) {
        const expected = library.tracks.find((t) => t.path === path)!;
        const meta = await parseFile(join(library.root, path));
        const c = meta.common;
        expect([c.title, c.artist, c.album, c.albumartist, c.genre?.[0], c.year, c.track.no]).toEqual([
          expected.title, expected.artist, album.title, album.albumArtist, album.genre, album.year, expected.trackNo,
        ]);
        expect(meta.format.duration).toBeCloseTo(expected.durationSeconds, 3);
        const pictures = c.picture ?? [];
        if (album.cover === 'embedded') {
          expect(pictures.map((p) => [p.type, p.format])).toEqual([['Cover (front)', 'image/jpeg']]);
        } else {
          expect(pictures).toEqual([]);
        }
      }
    }
  });

  it('includes a Various Artists compilation, a two-disc album with the cover in its parent folder, folder art and an album without art', async () => {
    const compilation = library.albums.find((a) => a.compilation)!;
    expect(compilation.albumArtist).toBe('Various Artists');
    const artists = new Set(library.tracks.filter((t) => compilation.trackPaths.includes(t.path)).map((t) => t.artist));
    expect(artists.size).toBeGreaterThan(1);
    expect((await parseFile(join(library.root, compilation.trackPaths[0]))).common.compilation).toBe(true);

    const twoDisc = library.albums.find((a) => a.discs === 2)!;
    expect(twoDisc.cover).toBe('folder');
    expect(twoDisc.coverPath).toBe(`${twoDisc.dir}/cover.jpg`);
    expect(new Set(twoDisc.trackPaths.map((p) => p.split('/').at(-2)))).toEqual(new Set(['Disc 1', 'Disc 2']));
    const disc2 = await parseFile(join(library.root, twoDisc.trackPaths.find((p) => p.includes('/Disc 2/'))!));
    expect(disc2.common.disk).toEqual({ no: 2, of: 2 });

    const folderArt = library.albums.filter((a) => a.cover === 'folder');
    expect(folderArt.length).toBeGreaterThanOrEqual(2);
    for (const album of folderArt) expect((await stat(join(library.root, album.coverPath!))).size).toBeGreaterThan(10_000);
    expect(library.albums.filter((a) => a.cover === 'none')).toHaveLength(1);
  });

  it('gives albums distinct covers', async () => {
    const hashes = new Set<string>();
    for (const album of library.albums.filter((a) => a.cover === 'embedded')) {
      const meta = await parseFile(join(library.root, album.trackPaths[0]));
      hashes.add(sha(meta.common.picture![0].data));
    }
    expect(hashes.size).toBe(library.albums.filter((a) => a.cover === 'embedded').length);
  });

  it('reuses a complete library instead of writing it again', async () => {
    const first = join(library.root, library.tracks[0].path);
    const before = (await stat(first)).mtimeMs;
    const again = await makeDemoLibrary(library.root, { albums: 12 });
    expect(again).toEqual(library);
    expect((await stat(first)).mtimeMs).toBe(before);
  });

  it('refuses to write into a folder it did not make', async () => {
    const music = join(base, 'Music');
    await mkdir(music);
    await writeFile(join(music, 'precious.flac'), 'not ours');
    await expect(makeDemoLibrary(music, { albums: 2 })).rejects.toBeInstanceOf(ForeignDirectoryError);
    expect(await readFile(join(music, 'precious.flac'), 'utf8')).toBe('not ours');
    expect(await readdir(music)).toEqual(['precious.flac']);
  });
});
