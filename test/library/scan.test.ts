import { cpSync, mkdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { getKind } from '../../src/main/artwork/kinds.js';
import { CoverIndex } from '../../src/main/index/cover-index.js';
import { openDatabase, setSetting, type Db } from '../../src/main/store/db.js';
import { listAlbums, listErrors, listTracks } from '../../src/main/store/queries.js';
import { scanLibrary, type ScanProgress } from '../../src/main/library/scan.js';
import { createHash } from 'node:crypto';
import { apeCoverItem, apeTag } from '../../src/main/demo/ape-tag.js';
import { makeCover } from '../../src/main/demo/covers.js';
import { id3v1Tag, id3v2Tag, PictureType } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import { testPool } from '../support/pool.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const manifest = inject('testLibrary');
const tempDir = temporaryFolders();
const pool = testPool();

function freshDb(): Db {
  return openDatabase(join(tempDir('sleeve-scan-db-'), 'library.db'));
}

/** A private copy of the generated library that a test may change. */
function copyOfLibrary(): string {
  const dir = join(tempDir('sleeve-scan-lib-'), 'Music');
  cpSync(manifest.root, dir, { recursive: true });
  return dir;
}

function mp3(title: string, artist: string, album: string): Buffer {
  return Buffer.concat([id3v2Tag({ title, artist, album }), silentMp3(1)]);
}

describe('scanning the generated library', () => {
  let db: Db;
  let summary: Awaited<ReturnType<typeof scanLibrary>>;
  beforeAll(async () => {
    db = freshDb();
    summary = await scanLibrary(db, { roots: [manifest.root], pool });
  });
  afterAll(() => db.close());

  it('finds every track with its tags, in every format', () => {
    const tracks = listTracks(db);
    const byPath = new Map(tracks.map((t) => [t.path, t]));
    for (const expected of manifest.tracks) {
      const t = byPath.get(join(manifest.root, expected.path));
      expect(t, `${expected.path} (${expected.format})`).toBeDefined();
      expect(t?.title).toBe(expected.title);
      expect(t?.artist).toBe(expected.artist);
      expect(t?.album).toBe(expected.album);
    }
    const formats = new Set(manifest.tracks.map((t) => t.format));
    expect(formats.size).toBeGreaterThanOrEqual(5);
    expect(summary.tracks).toBe(manifest.tracks.length);
  });

  it('gives each track the picture a user expects: front cover first, else the next usable, else the folder image', () => {
    const byPath = new Map(listTracks(db).map((t) => [t.path, t]));
    for (const expected of manifest.tracks) {
      const t = byPath.get(join(manifest.root, expected.path));
      expect(t?.artwork ?? null, `${expected.path}`).toBe(expected.cover?.sha256 ?? null);
      if (expected.cover) expect(t?.artworkSource, expected.path).toBe(expected.cover.source);
    }
  });

  it('groups albums as the tags say: multi-disc and compilations stay one album', () => {
    const { albums } = listAlbums(db);
    const tracks = listTracks(db);
    for (const expected of manifest.albums) {
      const paths = new Set(expected.trackPaths.map((p) => join(manifest.root, p)));
      const albumIds = new Set(tracks.filter((t) => paths.has(t.path)).map((t) => t.albumId));
      expect(albumIds.size, `${expected.id}: ${expected.note}`).toBe(1);
      const album = albums.find((a) => a.id === [...albumIds][0]);
      expect(album?.album, expected.id).toBe(expected.title);
      expect(album?.artist, expected.id).toBe(expected.artist);
      expect(album?.compilation, expected.id).toBe(expected.compilation);
      expect(album?.tracks, expected.id).toBe(expected.trackPaths.length);
      expect(album?.cover?.sha256 ?? null, expected.id).toBe(expected.cover?.sha256 ?? null);
    }
    expect(albums).toHaveLength(manifest.albums.length);
  });

  it('stores identical cover bytes once, however many tracks carry them', () => {
    for (const shared of manifest.sharedCovers) {
      const rows = db.prepare('SELECT count(*) FROM artworks WHERE sha256 = ?').pluck().get(shared.sha256);
      expect(rows).toBe(1);
      const users = db
        .prepare('SELECT count(DISTINCT t.album_id) FROM tracks t JOIN artworks a ON a.id = t.artwork_id WHERE a.sha256 = ?')
        .pluck()
        .get(shared.sha256);
      expect(users).toBe(shared.albumIds.length);
    }
    const distinct = new Set(manifest.tracks.filter((t) => t.cover).map((t) => t.cover?.sha256));
    expect(summary.artworks).toBe(distinct.size);
  });

  it('records each broken file and bad picture with a specific reason, and keeps going', () => {
    const errors = listErrors(db);
    const tracks = new Set(listTracks(db).map((t) => t.path));
    for (const expected of manifest.errors) {
      const path = join(manifest.root, expected.path);
      const found = errors.filter((e) => e.path === path);
      expect(found.length, `${expected.path}: ${expected.note}`).toBeGreaterThan(0);
      for (const e of found) expect(e.reason.length).toBeGreaterThan(10);
      expect(tracks.has(path), expected.path).toBe(expected.kind === 'bad-picture');
    }
    const reasons = errors.map((e) => e.reason).join('\n');
    expect(reasons).toMatch(/empty file \(0 bytes\)/);
    expect(reasons).toMatch(/too large|limit/i);
  });

  it('passes over hidden folders and files that are not audio', () => {
    const tracks = new Set(listTracks(db).map((t) => t.path));
    const errors = new Set(listErrors(db).map((e) => e.path));
    for (const ignored of manifest.ignored) {
      expect(tracks.has(join(manifest.root, ignored)), ignored).toBe(false);
      expect(errors.has(join(manifest.root, ignored)), ignored).toBe(false);
    }
  });

  it('describes every cover with each kind and keeps a small thumbnail', () => {
    const kinds = db.prepare('SELECT kind, count(*) AS n FROM descriptors GROUP BY kind').all() as { kind: string; n: number }[];
    expect(kinds.map((k) => k.kind).sort()).toEqual(['color', 'gist', 'tiny']);
    for (const k of kinds) expect(k.n).toBe(summary.artworks);
    const thumbs = db.prepare('SELECT thumbnail FROM artworks').pluck().all() as Buffer[];
    for (const t of thumbs) {
      expect(t.length).toBeGreaterThan(100);
      expect(t.length).toBeLessThan(64 * 1024);
    }
  });

  it('reads nothing again when nothing changed', async () => {
    const again = await scanLibrary(db, { roots: [manifest.root], pool });
    expect(again.filesRead).toBe(0);
    expect(again.tracks).toBe(summary.tracks);
    expect(again.errors).toBe(summary.errors);
  });
});

describe('scanning again after changes', () => {
  it('picks up added, modified and deleted files and nothing else', async () => {
    const root = copyOfLibrary();
    const db = freshDb();
    const first = await scanLibrary(db, { roots: [root], pool });
    const [keep, modify, remove] = manifest.tracks.filter((t) => t.format === 'mp3' && t.cover?.source === 'embedded');
    mkdirSync(join(root, 'New Artist', 'New Album'), { recursive: true });
    writeFileSync(join(root, 'New Artist', 'New Album', '01 Fresh.mp3'), mp3('Fresh', 'New Artist', 'New Album'));
    writeFileSync(join(root, modify.path), mp3('Retitled', modify.artist, modify.album));
    utimesSync(join(root, modify.path), new Date(), new Date(Date.now() + 5000));
    unlinkSync(join(root, remove.path));
    const second = await scanLibrary(db, { roots: [root], pool });
    expect(second.filesRead).toBe(2);
    expect(second.tracks).toBe(first.tracks);
    const byPath = new Map(listTracks(db).map((t) => [t.path, t]));
    expect(byPath.get(join(root, 'New Artist', 'New Album', '01 Fresh.mp3'))?.title).toBe('Fresh');
    expect(byPath.get(join(root, modify.path))?.title).toBe('Retitled');
    expect(byPath.has(join(root, remove.path))).toBe(false);
    expect(byPath.get(join(root, keep.path))?.title).toBe(keep.title);
    db.close();
  });

  it('keeps the tracks of a music folder that cannot be reached, instead of deleting them', async () => {
    const root = copyOfLibrary();
    const db = freshDb();
    const first = await scanLibrary(db, { roots: [root], pool });
    const moved = `${root}-unmounted`;
    cpSync(root, moved, { recursive: true });
    rmSync(root, { recursive: true });
    const second = await scanLibrary(db, { roots: [root], pool });
    expect(second.tracks).toBe(first.tracks);
    expect(listErrors(db).some((e) => e.path === root && /cannot be read/.test(e.reason))).toBe(true);
    db.close();
  });
});

describe('a descriptor version bump', () => {
  it('makes the next scan recompute that kind only, reading each picture again from its file', async () => {
    const db = freshDb();
    await scanLibrary(db, { roots: [manifest.root], pool });
    const gist = getKind('gist');
    const count = (kind: string, version: number) =>
      db.prepare('SELECT count(*) FROM descriptors WHERE kind = ? AND version = ?').pluck().get(kind, version) as number;
    const covers = db.prepare('SELECT count(*) FROM artworks').pluck().get() as number;
    // The stored gist vectors now look older than the code, as after a bump of gist's version;
    // tiny's vectors get a marker that a recomputation would overwrite.
    db.prepare("UPDATE descriptors SET version = ? WHERE kind = 'gist'").run(gist.version - 1);
    const marker = Buffer.alloc(getKind('tiny').dim * 4, 7);
    db.prepare("UPDATE descriptors SET vector = ? WHERE kind = 'tiny'").run(marker);
    const before = db.prepare("SELECT artwork_id, vector FROM descriptors WHERE kind = 'gist' ORDER BY artwork_id").all() as { vector: Buffer }[];

    const again = await scanLibrary(db, { roots: [manifest.root], pool });
    expect(again.filesRead).toBe(0);
    expect(count('gist', gist.version)).toBe(covers);
    expect(count('gist', gist.version - 1)).toBe(0);
    const tiny = db.prepare("SELECT vector FROM descriptors WHERE kind = 'tiny'").pluck().all() as Buffer[];
    expect(tiny.every((v) => v.equals(marker))).toBe(true);
    const after = db.prepare("SELECT artwork_id, vector FROM descriptors WHERE kind = 'gist' ORDER BY artwork_id").all() as { vector: Buffer }[];
    expect(after.map((r) => r.vector)).toEqual(before.map((r) => r.vector));
    db.close();
  });
});

describe('covers removed and added over several scans', () => {
  it('never give a new cover the id of a removed one, so the similarity index cannot mistake one for the other', async () => {
    const root = tempDir('sleeve-ids-');
    const indexDir = tempDir('sleeve-ids-index-');
    const album = async (name: string, seed: number) => {
      mkdirSync(join(root, name));
      const data = await makeCover(seed, 'pop', 160, 'jpeg');
      const tag = id3v2Tag({ title: name, artist: 'Ids', album: name, pictures: [{ type: PictureType.FrontCover, mime: 'image/jpeg', data }] });
      writeFileSync(join(root, name, '01.mp3'), Buffer.concat([tag, silentMp3(1)]));
    };
    await album('First', 1);
    await album('Second', 2);
    const db = freshDb();
    await scanLibrary(db, { roots: [root], pool, indexDir });
    const newest = db.prepare('SELECT max(id) FROM artworks').pluck().get() as number;
    const holder = db.prepare('SELECT album FROM tracks WHERE artwork_id = ?').pluck().get(newest) as string;
    rmSync(join(root, holder), { recursive: true });
    await scanLibrary(db, { roots: [root], pool, indexDir });
    expect(db.prepare('SELECT count(*) FROM artworks').pluck().get()).toBe(1);
    await album('Third', 3);
    await scanLibrary(db, { roots: [root], pool, indexDir });

    const third = db.prepare("SELECT artwork_id FROM tracks WHERE album = 'Third'").pluck().get() as number;
    expect(third).toBeGreaterThan(newest);
    const gist = getKind('gist');
    const vector = db.prepare("SELECT vector FROM descriptors WHERE artwork_id = ? AND kind = 'gist'").pluck().get(third) as Buffer;
    const index = CoverIndex.open(db, indexDir, gist, undefined, { exactFloats: 0 });
    const [best] = index.search(new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength)), 1);
    expect(best.id).toBe(third);
    expect(best.score).toBeGreaterThan(0.999);
    index.close();
    db.close();
  });
});

describe('tags at the end of an MP3', () => {
  it('reads an APEv2 tag and its front cover (with an ID3v1 trailer after it)', async () => {
    const root = tempDir('sleeve-apev2-');
    const cover = await makeCover(4, 'neon', 300, 'jpeg');
    const ape = apeTag([{ key: 'Title', text: 'Ape Title' }, { key: 'Artist', text: 'Ape Artist' }, { key: 'Album', text: 'Ape Album' }, apeCoverItem('cover.jpg', cover)]);
    mkdirSync(join(root, 'Ape'));
    writeFileSync(join(root, 'Ape', '01.mp3'), Buffer.concat([silentMp3(2), ape, id3v1Tag({ title: 'V1 Title', artist: 'V1 Artist', album: 'V1 Album' })]));
    const db = freshDb();
    await scanLibrary(db, { roots: [root], pool });
    const [track] = listTracks(db);
    expect(track).toMatchObject({ title: 'Ape Title', artist: 'Ape Artist', album: 'Ape Album', artworkSource: 'embedded' });
    expect(track.artwork).toBe(createHash('sha256').update(cover).digest('hex'));
    db.close();
  });
});

describe('bad input on disk', () => {
  it('records files deleted or changed while the scan runs, and goes on', async () => {
    const root = tempDir('sleeve-midscan-');
    mkdirSync(join(root, 'A', 'B'), { recursive: true });
    for (let i = 1; i <= 6; i++) writeFileSync(join(root, 'A', 'B', `0${i} t.mp3`), mp3(`Song ${i}`, 'A', 'B'));
    const db = freshDb();
    let meddled = false;
    const onProgress = (p: ScanProgress) => {
      if (p.phase === 'reading' && !meddled) {
        meddled = true;
        unlinkSync(join(root, 'A', 'B', '01 t.mp3'));
        writeFileSync(join(root, 'A', 'B', '02 t.mp3'), mp3('Changed under our feet', 'A', 'B'));
      }
    };
    const summary = await scanLibrary(db, { roots: [root], pool, onProgress });
    expect(meddled).toBe(true);
    expect(summary.tracks).toBe(5);
    expect(listErrors(db)).toContainEqual({ path: join(root, 'A', 'B', '01 t.mp3'), reason: 'file was deleted during the scan' });
    expect(listTracks(db).find((t) => t.path.endsWith('02 t.mp3'))?.title).toBe('Changed under our feet');
    db.close();
  });

  it('scans a file whose name is not valid UTF-8 through its raw bytes', async () => {
    const root = tempDir('sleeve-rawname-');
    const raw = Buffer.concat([Buffer.from(`${root}/Caf`), Buffer.from([0xe9]), Buffer.from(' Latin-1.mp3')]);
    writeFileSync(raw, mp3('Café', 'Latin', 'One'));
    const db = freshDb();
    await scanLibrary(db, { roots: [root], pool });
    const [track] = listTracks(db);
    expect(track.title).toBe('Café');
    expect(track.path).toContain('Caf\uFFFD Latin-1.mp3');
    const stored = db.prepare('SELECT path_raw FROM tracks').pluck().get() as Buffer;
    expect(stored.equals(raw)).toBe(true);
    db.close();
  });

  it('records a path too long to open, and a symlink loop, without stopping', async () => {
    const root = tempDir('sleeve-longpath-');
    const segment = 'd'.repeat(200);
    const made = makeDeep(root, segment, 22);
    writeFileSync(join(root, 'ok.mp3'), mp3('Fine', 'X', 'Y'));
    symlinkSync('..', join(root, made.firstLevel, 'loop'));
    const db = freshDb();
    const summary = await scanLibrary(db, { roots: [root], pool });
    expect(summary.tracks).toBe(1);
    const reasons = listErrors(db).map((e) => e.reason);
    expect(reasons).toContainEqual(expect.stringMatching(/too long/));
    expect(reasons).toContainEqual(expect.stringMatching(/symlink loop/));
    db.close();
  });

  it('keeps the folder problems of a music folder whose name starts like the one scanned', async () => {
    const parent = tempDir('sleeve-siblings-');
    const [music, music2] = [join(parent, 'music'), join(parent, 'music2')];
    for (const root of [music, music2]) {
      mkdirSync(root);
      writeFileSync(join(root, 'ok.mp3'), mp3('Fine', 'X', root));
      symlinkSync(join(root, 'nowhere'), join(root, 'gone.mp3'));
    }
    const db = freshDb();
    await scanLibrary(db, { roots: [music, music2], pool });
    const broken = () => listErrors(db).filter((e) => /broken symlink/.test(e.reason)).map((e) => e.path).sort();
    expect(broken()).toEqual([join(music, 'gone.mp3'), join(music2, 'gone.mp3')]);
    await scanLibrary(db, { roots: [music], pool });
    expect(broken()).toEqual([join(music, 'gone.mp3'), join(music2, 'gone.mp3')]);
    db.close();
  });

  it('follows the cover-source preference, and a change of it chooses covers again on the next scan', async () => {
    const root = copyOfLibrary();
    const db = freshDb();
    const both = manifest.tracks.find((t) => t.cover?.source === 'embedded');
    expect(both).toBeDefined();
    const folderCover = manifest.tracks.find((t) => t.cover?.source === 'folder')?.cover?.path as string;
    const dir = join(root, (both?.path as string).split('/').slice(0, -1).join('/'));
    cpSync(join(root, folderCover), join(dir, 'cover.jpg'));
    const track = () => listTracks(db).find((t) => t.path === join(root, both?.path as string));
    await scanLibrary(db, { roots: [root], pool });
    expect(track()?.artworkSource).toBe('embedded');
    setSetting(db, 'coverPreference', 'folder');
    const again = await scanLibrary(db, { roots: [root], pool });
    expect(track()?.artworkSource).toBe('folder');
    expect(again.filesRead).toBe(manifest.tracks.length);
    const settled = await scanLibrary(db, { roots: [root], pool });
    expect(settled.filesRead).toBe(0);
    expect(readFileSync(join(dir, 'cover.jpg')).length).toBeGreaterThan(0);
    db.close();
  });
});

/** Nested folders whose full path exceeds PATH_MAX, made one level at a time with relative paths. */
function makeDeep(root: string, segment: string, levels: number): { firstLevel: string } {
  const start = process.cwd();
  try {
    process.chdir(root);
    for (let i = 0; i < levels; i++) {
      mkdirSync(segment);
      process.chdir(segment);
    }
    writeFileSync('deep.mp3', mp3('Deep', 'Z', 'Z'));
  } finally {
    process.chdir(start);
  }
  return { firstLevel: segment };
}
