import { appendFileSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArtworkPool } from '../../src/main/artwork/pool.js';
import { makeCover } from '../../src/main/demo/covers.js';
import { id3v2Tag } from '../../src/main/demo/id3.js';
import { silentMp3 } from '../../src/main/demo/mp3-frames.js';
import { scanLibrary } from '../../src/main/library/scan.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { parcelBackend, type WatchBackend } from '../../src/main/watch/backend.js';
import { ChangeBatcher } from '../../src/main/watch/batcher.js';
import { KeepCurrent } from '../../src/main/watch/keep-current.js';
import { planRescan } from '../../src/main/watch/plan.js';
import { saveWatchSettings } from '../../src/main/watch/settings.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();

async function writeAlbum(root: string, artist: string, album: string, seed: number, tracks = 2): Promise<string> {
  const folder = join(root, artist, album);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'cover.jpg'), await makeCover(seed, 'ocean', 200));
  for (let i = 1; i <= tracks; i++) {
    writeFileSync(join(folder, `0${i}.mp3`), Buffer.concat([id3v2Tag({ title: `Song ${i}`, artist, album, track: i }), silentMp3(1)]));
  }
  return folder;
}

function countFolders(folder: string): number {
  return 1 + readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).reduce((n, e) => n + countFolders(join(folder, e.name)), 0);
}

function albums(db: Db): string[] {
  return (db.prepare('SELECT album FROM albums ORDER BY album').pluck().all() as string[]);
}

/** Polls until `check` holds (the watcher reacts in its own time), failing after `ms`. */
async function eventually(check: () => boolean, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('the library did not change in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('which folders a batch of changes scans', () => {
  const root = tempDir('sleeve-plan-');
  beforeAll(() => {
    mkdirSync(join(root, 'A', 'One', 'Disc 1'), { recursive: true });
    mkdirSync(join(root, 'A', 'Two'), { recursive: true });
    writeFileSync(join(root, 'A', 'One', 'Disc 1', '01.mp3'), '');
  });

  it('scans the folder of a changed file, the album folder for a disc folder, the nearest existing folder for a gone one', () => {
    const plan = planRescan([join(root, 'A', 'Two', 'x.mp3'), join(root, 'A', 'One', 'Disc 1', '01.mp3'), join(root, 'B', 'Gone', '01.mp3')], [root]);
    expect(plan.roots).toEqual([root]);
    const only = planRescan([join(root, 'A', 'Two', 'x.mp3'), join(root, 'A', 'One', 'Disc 1', '01.mp3')], [root]);
    expect(only).toEqual({ roots: [], folders: [{ rootPath: root, folder: join(root, 'A', 'One') }, { rootPath: root, folder: join(root, 'A', 'Two') }] });
  });

  it('scans a folder once when a folder inside it changed too, and ignores paths outside the music folders', () => {
    const plan = planRescan([join(root, 'A'), join(root, 'A', 'Two', 'y.mp3'), '/elsewhere/z.mp3'], [root]);
    expect(plan).toEqual({ roots: [], folders: [{ rootPath: root, folder: join(root, 'A') }] });
  });
});

describe('batching changes', () => {
  it('hands on a file being written only after it stopped changing', async () => {
    const dir = tempDir('sleeve-batch-');
    const file = join(dir, 'copying.mp3');
    let writing = true;
    const batches: { paths: string[]; whileWriting: boolean }[] = [];
    const batcher = new ChangeBatcher({ quietMs: 300, onBatch: (paths) => batches.push({ paths, whileWriting: writing }) });
    writeFileSync(file, 'a');
    // A slow copy: a write every 200 ms, but events for only some of them (as a watcher may coalesce).
    for (let i = 0; i < 12; i++) {
      appendFileSync(file, 'more bytes');
      if (i % 4 === 0) batcher.add([file]);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    writing = false;
    await eventually(() => batches.length > 0, 5000);
    batcher.close();
    expect(batches).toEqual([{ paths: [file], whileWriting: false }]);
  });
});

describe('a library that keeps itself current', () => {
  let root: string;
  let db: Db;
  let pool: ArtworkPool;
  let keeper: KeepCurrent;
  const scans: number[] = [];

  beforeAll(async () => {
    root = tempDir('sleeve-watch-');
    await writeAlbum(root, 'Owls', 'Signals', 1);
    await writeAlbum(root, 'Pines', 'Needles', 2);
    db = openDatabase(join(tempDir('sleeve-watch-db-'), 'library.db'));
    pool = new ArtworkPool({ threads: 1 });
    db.prepare('INSERT INTO roots (path, added_at) VALUES (?, 0)').run(root);
    await scanLibrary(db, { roots: [root], pool });
    keeper = new KeepCurrent({
      db,
      roots: () => [root],
      scan: { pool },
      quietMs: 300,
      onScanned: ({ summary }) => scans.push(summary?.filesRead ?? 0),
    });
    expect(await keeper.start()).toBe(true);
  });
  afterAll(async () => {
    await keeper.stop();
    await pool.close();
    db.close();
  });

  it('starts with both albums', () => {
    expect(albums(db)).toEqual(['Needles', 'Signals']);
    expect(keeper.state()).toEqual([{ root, mode: 'watching', reason: null }]);
  });

  it('adds an album whose folder appears, reading only its files', async () => {
    await writeAlbum(root, 'Rust', 'Iron Age', 3, 3);
    await eventually(() => albums(db).includes('Iron Age'));
    expect(db.prepare("SELECT count(*) FROM tracks WHERE album = 'Iron Age'").pluck().get()).toBe(3);
    await eventually(() => scans.length > 0);
    // The other albums' files were not read again.
    expect(Math.max(...scans)).toBeLessThanOrEqual(3);
    expect(db.prepare('SELECT count(*) FROM roots').pluck().get()).toBe(1);
  });

  it('keeps tracks of a renamed folder as they were: same ids, nothing read again', async () => {
    const before = db.prepare("SELECT id, path FROM tracks WHERE album = 'Signals' ORDER BY path").all() as { id: number; path: string }[];
    const scansBefore = scans.length;
    renameSync(join(root, 'Owls', 'Signals'), join(root, 'Owls', 'Signals (2019)'));
    await eventually(() => (db.prepare("SELECT count(*) FROM tracks WHERE path LIKE '%Signals (2019)%'").pluck().get() as number) === 2);
    await eventually(() => scans.length > scansBefore);
    const after = db.prepare("SELECT id, path FROM tracks WHERE album = 'Signals' ORDER BY path").all() as { id: number; path: string }[];
    expect(after.map((t) => t.id)).toEqual(before.map((t) => t.id));
    expect(after.map((t) => t.path)).toEqual(before.map((t) => t.path.replace('Signals/', 'Signals (2019)/')));
    expect(scans.slice(scansBefore).every((read) => read === 0)).toBe(true);
  });

  it('removes an album whose folder is deleted', async () => {
    rmSync(join(root, 'Pines'), { recursive: true });
    await eventually(() => !albums(db).includes('Needles'));
    expect(albums(db)).toEqual(['Iron Age', 'Signals']);
  });

  it('stays off when the setting turns watching off', async () => {
    saveWatchSettings(db, { enabled: false });
    try {
      const off = new KeepCurrent({ db, roots: () => [root], scan: { pool } });
      expect(await off.start()).toBe(false);
      expect(off.state()).toEqual([]);
    } finally {
      saveWatchSettings(db, { enabled: true });
    }
  });
});

describe('when the system has no watches left', () => {
  it('says so once and finds new albums by a periodic light rescan', async () => {
    const root = tempDir('sleeve-nowatch-');
    await writeAlbum(root, 'Owls', 'Signals', 1);
    const db = openDatabase(join(tempDir('sleeve-nowatch-db-'), 'library.db'));
    const pool = new ArtworkPool({ threads: 1 });
    db.prepare('INSERT INTO roots (path, added_at) VALUES (?, 0)').run(root);
    await scanLibrary(db, { roots: [root], pool });
    // A system allowing 2 watches (inotify needs one per folder): the music folder has three.
    const tinyLimit: WatchBackend = {
      subscribe: (folder, onPaths, onError) =>
        countFolders(folder) > 2
          ? Promise.reject(Object.assign(new Error(`inotify_add_watch on '${folder}' failed: No space left on device`), { code: 'ENOSPC' }))
          : parcelBackend.subscribe(folder, onPaths, onError),
    };
    const notices: string[] = [];
    const keeper = new KeepCurrent({ db, roots: () => [root], scan: { pool }, backend: tinyLimit, pollSeconds: 1, notice: (m) => notices.push(m) });
    try {
      await keeper.start();
      expect(keeper.state()).toMatchObject([{ root, mode: 'polling' }]);
      await writeAlbum(root, 'Rust', 'Iron Age', 3);
      await eventually(() => albums(db).includes('Iron Age'));
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/no more folder watches.*checked every 1 seconds/);
    } finally {
      await keeper.stop();
      await pool.close();
      db.close();
    }
  });
});
