import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COVER_STYLES, makeCover } from '../../src/main/demo/covers.js';
import { id3v2Tag, PictureType } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';

/**
 * A library big enough for several write batches (the scan writes 200 files
 * per transaction): albums of silent MP3s tagged by our ID3v2 writer. Most
 * embed their own front cover; two share the same cover bytes; some carry
 * only a folder image (cover.jpg); one has no art at all. The test library
 * of real encoders' files is scanned beside it as a second root.
 */

export const BULK_ALBUMS = 15;
export const BULK_TRACKS = 30;
const COVER_SIZE = 160;
const AUDIO = silentMp3(1);

interface BulkAlbum {
  readonly index: number;
  readonly dir: string;
  readonly art: 'embedded' | 'folder' | 'none';
  readonly coverSeed: number;
}

function album(index: number): BulkAlbum {
  const art = index % 5 === 3 ? 'folder' : index === BULK_ALBUMS - 1 ? 'none' : 'embedded';
  // Albums 1 and 2 share one cover: one artwork for both.
  const coverSeed = index === 2 ? 1 : index;
  return { index, dir: `Artist ${index % 4}/Album ${String(index).padStart(2, '0')}`, art, coverSeed };
}

async function cover(seed: number): Promise<Buffer> {
  return makeCover(1000 + seed, COVER_STYLES[seed % COVER_STYLES.length], COVER_SIZE, 'jpeg');
}

async function writeAlbum(root: string, a: BulkAlbum, options: { title?: string; coverSeed?: number } = {}): Promise<void> {
  const dir = join(root, a.dir);
  mkdirSync(dir, { recursive: true });
  const art = await cover(options.coverSeed ?? a.coverSeed);
  if (a.art === 'folder') writeFileSync(join(dir, 'cover.jpg'), art);
  const title = options.title ?? `Album ${a.index}`;
  for (let t = 1; t <= BULK_TRACKS; t++) {
    const tag = id3v2Tag({
      title: `Song ${t}`,
      artist: `Artist ${a.index % 4}`,
      album: title,
      track: `${t}/${BULK_TRACKS}`,
      year: 1990 + a.index,
      genre: ['Rock', 'Jazz', 'Pop'][(a.index + (t % 2)) % 3],
      pictures: a.art === 'embedded' ? [{ type: PictureType.FrontCover, mime: 'image/jpeg', data: art }] : [],
    });
    writeFileSync(join(dir, `${String(t).padStart(2, '0')} Song ${t}.mp3`), Buffer.concat([tag, AUDIO]));
  }
}

export async function makeBulkLibrary(root: string): Promise<void> {
  for (let i = 0; i < BULK_ALBUMS; i++) await writeAlbum(root, album(i));
}

/**
 * Changes a bulk library as a user's edits would: one album retagged under
 * another title, one deleted, one given a new cover, one added, and the
 * files of five more touched (same bytes, newer time), so that a rescan
 * reads more than one batch.
 */
export async function changeBulkLibrary(root: string): Promise<void> {
  await writeAlbum(root, album(0), { title: 'Album 0 (Remastered)' });
  rmSync(join(root, album(4).dir), { recursive: true });
  await writeAlbum(root, album(5), { coverSeed: 77 });
  await writeAlbum(root, { index: BULK_ALBUMS, dir: 'Artist 9/Album New', art: 'embedded', coverSeed: 99 });
  const later = new Date(Date.now() + 60_000);
  for (const i of [6, 7, 8, 9, 10]) {
    const dir = join(root, album(i).dir);
    for (const name of readdirSync(dir)) utimesSync(join(dir, name), later, later);
  }
}
