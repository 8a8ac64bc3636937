import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCover } from '../../src/main/demo/covers.js';
import { id3v2Tag, PictureType } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import { scanLibrary, type ScanProgress } from '../../src/main/library/scan.js';
import { openDatabase } from '../../src/main/store/db.js';
import { testPool } from '../support/pool.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();
const pool = testPool();

const AUDIO = silentMp3(1);

async function writeAlbum(root: string, name: string, tracks: number, picture: Uint8Array | null): Promise<void> {
  mkdirSync(join(root, name), { recursive: true });
  for (let t = 1; t <= tracks; t++) {
    const pictures = picture ? [{ type: PictureType.FrontCover, mime: 'image/jpeg', data: picture }] : [];
    const tag = id3v2Tag({ title: `Song ${t}`, artist: name, album: name, track: t, pictures });
    writeFileSync(join(root, name, `${String(t).padStart(3, '0')}.mp3`), Buffer.concat([tag, AUDIO]));
  }
}

/**
 * 263 files (two write batches, read eight at a time): 3 that are not audio
 * at all, and an album of 20 tracks whose embedded "picture" is not an
 * image, each recorded against its track: 23 error rows.
 */
async function libraryWithErrors(): Promise<string> {
  const root = join(tempDir('sleeve-progress-'), 'Music');
  await writeAlbum(root, 'Good One', 120, await makeCover(1, 'ocean', 120, 'jpeg'));
  await writeAlbum(root, 'Good Two', 120, await makeCover(2, 'sunset', 120, 'jpeg'));
  await writeAlbum(root, 'Bad Picture', 20, Buffer.from('this is not an image at all'));
  writeFileSync(join(root, 'Good One', '050 empty.mp3'), Buffer.alloc(0));
  writeFileSync(join(root, 'Good Two', '050 noise.mp3'), Buffer.alloc(4096, 0x5a));
  writeFileSync(join(root, 'Bad Picture', 'zz text.flac'), 'not a FLAC file');
  return root;
}

function recordProgress(): { reports: ScanProgress[]; onProgress: (p: ScanProgress) => void } {
  const reports: ScanProgress[] = [];
  return { reports, onProgress: (p) => reports.push(p) };
}

describe('live scan counts', () => {
  it('never count more errors, tracks or covers than the library holds, and end equal to the summary', async () => {
    const root = await libraryWithErrors();
    const db = openDatabase(join(tempDir('sleeve-progress-db-'), 'library.db'));
    const { reports, onProgress } = recordProgress();
    const summary = await scanLibrary(db, { roots: [root], pool, onProgress });
    expect(summary).toMatchObject({ tracks: 260, artworks: 2, errors: 23 });
    const reading = reports.filter((p) => p.phase === 'reading');
    expect(reading.length).toBeGreaterThan(1);
    for (const p of reports) {
      expect(p.errors).toBeLessThanOrEqual(summary.errors);
      expect(p.tracks).toBeLessThanOrEqual(summary.tracks);
      expect(p.covers).toBeLessThanOrEqual(summary.artworks);
    }
    for (let i = 1; i < reports.length; i++) expect(reports[i].errors).toBeGreaterThanOrEqual(reports[i - 1].errors);
    const last = reports[reports.length - 1];
    expect(last).toMatchObject({ phase: 'done', tracks: summary.tracks, covers: summary.artworks, errors: summary.errors });
    db.close();
  });

  it('start from what the library holds on a rescan, and move only by what changed', async () => {
    const root = await libraryWithErrors();
    const db = openDatabase(join(tempDir('sleeve-progress-db-'), 'library.db'));
    await scanLibrary(db, { roots: [root], pool });
    // One broken file mended, one good file broken, one bad-picture track retagged without the picture.
    writeFileSync(join(root, 'Good One', '050 empty.mp3'), Buffer.concat([id3v2Tag({ title: 'Mended', artist: 'Good One', album: 'Good One' }), AUDIO]));
    writeFileSync(join(root, 'Good Two', '001.mp3'), Buffer.alloc(0));
    writeFileSync(join(root, 'Bad Picture', '001.mp3'), Buffer.concat([id3v2Tag({ title: 'Plain', artist: 'Bad Picture', album: 'Bad Picture' }), AUDIO]));
    const { reports, onProgress } = recordProgress();
    const summary = await scanLibrary(db, { roots: [root], pool, onProgress });
    expect(summary).toMatchObject({ filesRead: 3, errors: 22 });
    for (const p of reports.filter((r) => r.phase !== 'walking')) {
      expect(p.errors).toBeGreaterThanOrEqual(22);
      expect(p.errors).toBeLessThanOrEqual(23);
    }
    expect(reports[reports.length - 1]).toMatchObject({ phase: 'done', tracks: summary.tracks, covers: summary.artworks, errors: 22 });
    db.close();
  });
});
