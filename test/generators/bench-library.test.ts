import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBenchLibrary, type BenchLibrary } from '../../bench/lib/make-bench-library.js';

let base: string;
let library: BenchLibrary;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'sleeve-bench-lib-'));
  library = await makeBenchLibrary(join(base, 'lib'), { albums: 20, tracksPerAlbum: 10 });
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('makeBenchLibrary', () => {
  it('writes albums × tracks MP3 files', async () => {
    const entries = await readdir(library.root, { recursive: true, withFileTypes: true });
    const files = entries.filter((e) => e.isFile() && e.name.endsWith('.mp3'));
    expect(files).toHaveLength(200);
    expect(library.trackCount).toBe(200);
    expect(library.albums).toHaveLength(20);
    expect(library.reused).toBe(false);
  });

  it("embeds each album's own realistic 600×600 JPEG as the front cover of all its tracks", async () => {
    const covers = new Set<string>();
    for (const album of library.albums) {
      expect(album.coverBytes).toBeGreaterThan(50 * 1024);
      expect(album.coverBytes).toBeLessThan(150 * 1024);
      const hashes = new Set<string>();
      for (const path of album.trackPaths) {
        const meta = await parseFile(join(library.root, path));
        const [picture] = meta.common.picture ?? [];
        expect([picture?.type, picture?.format, picture?.data.length]).toEqual(['Cover (front)', 'image/jpeg', album.coverBytes]);
        expect([meta.common.album, meta.common.albumartist]).toEqual([album.title, album.albumArtist]);
        expect(meta.format.duration).toBeGreaterThanOrEqual(3);
        hashes.add(sha(picture.data));
      }
      expect(hashes.size).toBe(1);
      covers.add([...hashes][0]);
    }
    expect(covers.size).toBe(library.albums.length);
  });

  it('reuses a complete library', async () => {
    const again = await makeBenchLibrary(library.root, { albums: 20, tracksPerAlbum: 10 });
    expect(again.reused).toBe(true);
    expect(again.albums).toEqual(library.albums);
  });
});
