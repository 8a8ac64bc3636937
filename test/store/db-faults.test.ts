import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asLibraryError, openDatabase, type Db } from '../../src/main/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { SleeveError } from '../../src/shared/errors.js';
import { canMount, mountTmpfs, remountReadOnly, unmount } from '../fixtures/lib/tmpfs.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/**
 * Every way the library database can be wrong or unreachable ends in one
 * SleeveError: a code the front ends understand and one sentence naming the
 * library, never SQLite's words or a stack. Read-only media and a full disk
 * are real (a tmpfs remounted read-only, a tmpfs that fills up).
 */
const tempDir = temporaryFolders();
const mounted: string[] = [];
afterEach(() => {
  for (const dir of mounted.splice(0)) unmount(dir);
});

const READ = { readonly: true } as const;
const WRITE = {} as const;

/** The SleeveError `fn` throws, checked to be one plain sentence that names the library. */
function failure(fn: () => unknown, path: string): SleeveError {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a failure').toBeInstanceOf(SleeveError);
  const error = thrown as SleeveError;
  expect(error.message).toContain(path);
  expect(error.message).not.toMatch(/\n|SqliteError|SQLITE_|errno|\bat \S+ \(/);
  expect(error.message).toMatch(/[.]$/);
  return error;
}

/** A small library with one root and a few tracks, closed. */
function makeLibrary(path: string): void {
  const db = openDatabase(path);
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', 1);
  const insert = db.prepare('INSERT INTO tracks (path_raw, path, root_id, size, mtime_ms, title, scanned_at) VALUES (?, ?, 1, 1, 0, ?, 0)');
  for (let i = 0; i < 200; i++) insert.run(Buffer.from(`/music/${i}.mp3`), `/music/${i}.mp3`, `Track ${i} ${'x'.repeat(100)}`);
  db.close();
}

function tmpfs(bytes: number): string | null {
  const dir = join(tempDir('sleeve-db-mnt-'), 'media');
  mkdirSync(dir);
  if (!canMount(dir)) return null;
  mountTmpfs(dir, bytes);
  mounted.push(dir);
  return dir;
}

describe('a file that is not a library', () => {
  it.each([
    ['random bytes', randomBytes(64 * 1024)],
    ['text', Buffer.from('Track list\n01 Intro\n02 Song\n'.repeat(50))],
  ])('refuses %s as corrupt in both modes, and leaves the file as it was', (_name, bytes) => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    writeFileSync(path, bytes);
    for (const mode of [READ, WRITE]) {
      const error = failure(() => openDatabase(path, mode), path);
      expect(error.code).toBe('corrupt');
      expect(error.message).toMatch(/not a Sleeve library/);
    }
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a folder given as the library', () => {
    const path = tempDir('sleeve-db-dir-');
    for (const mode of [READ, WRITE]) {
      const error = failure(() => openDatabase(path, mode), path);
      expect(error.code).toBe('bad_request');
      expect(error.message).toMatch(/is a folder/);
    }
  });

  it('refuses a library path whose folder is a file', () => {
    const file = join(tempDir('sleeve-db-'), 'notes.txt');
    writeFileSync(file, 'notes');
    const path = join(file, 'library.db');
    for (const mode of [READ, WRITE]) expect(failure(() => openDatabase(path, mode), path).code).toBe('bad_request');
    expect(readFileSync(file, 'utf8')).toBe('notes');
  });

  it("refuses another program's SQLite database instead of adding tables to it", () => {
    const path = join(tempDir('sleeve-db-'), 'other.db');
    const other = new Database(path);
    other.exec('CREATE TABLE notes (text TEXT)');
    other.close();
    expect(failure(() => openDatabase(path), path).code).toBe('bad_request');
    const check = new Database(path);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['notes']);
    check.close();
  });
});

describe('a damaged library', () => {
  it('says so, and how to recover, when its schema page is overwritten', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const bytes = readFileSync(path);
    // Page 1 holds sqlite_master after the 100-byte file header.
    bytes.fill(0x5a, 100, 4096);
    writeFileSync(path, bytes);
    for (const mode of [READ, WRITE]) {
      const error = failure(() => openDatabase(path, mode), path);
      expect(error.code).toBe('corrupt');
      expect(error.message).toMatch(/scan your music folders again/);
    }
  });

  it('turns a damaged table page met by a query into the same sentence', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // The b-tree header and cell pointers of a page of the tracks table.
    const page = Math.floor(bytes.indexOf('Track 100 ') / pageSize);
    bytes.fill(0xa5, page * pageSize, page * pageSize + 64);
    writeFileSync(path, bytes);
    const db = openDatabase(path, READ);
    try {
      const error = failure(() => {
        try {
          db.prepare('SELECT count(*), sum(length(title)) FROM tracks').get();
        } catch (raw) {
          throw asLibraryError(raw, path) ?? raw;
        }
      }, path);
      expect(error.code).toBe('corrupt');
    } finally {
      db.close();
    }
  });
});

describe('a library written by a newer Sleeve', () => {
  it('is refused in both modes and left untouched', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    for (const mode of [READ, WRITE]) expect(failure(() => openDatabase(path, mode), path).code).toBe('newer_version');
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });
});

describe('a missing library', () => {
  it('is not created by a command that only reads', () => {
    const folder = join(tempDir('sleeve-db-'), 'typo');
    const path = join(folder, 'library.db');
    const error = failure(() => openDatabase(path, READ), path);
    expect(error.code).toBe('not_found');
    expect(error.message).toMatch(/scan a music folder first/);
    expect(existsSync(path)).toBe(false);
    expect(existsSync(folder)).toBe(false);
  });

  it('is created, with its folder, by one that writes', () => {
    const path = join(tempDir('sleeve-db-'), 'new', 'library.db');
    openDatabase(path).close();
    expect(openDatabase(path, READ).prepare('SELECT count(*) FROM roots').pluck().get()).toBe(0);
  });
});

describe('reading', () => {
  it('opens read-only, never switching the journal mode', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const raw = new Database(path);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const db = openDatabase(path, READ);
    expect(db.readonly).toBe(true);
    expect(() => db.prepare('DELETE FROM roots').run()).toThrow();
    db.close();
    const check = new Database(path, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare('SELECT count(*) FROM roots').pluck().get()).toBe(1);
    check.close();
  });

  it('upgrades an older library once where it can be written, then reads it', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    const older = new Database(path);
    for (const migration of MIGRATIONS.slice(0, -1)) {
      migration.up(older);
      older.pragma(`user_version = ${migration.version}`);
    }
    older.close();
    const db = openDatabase(path, READ);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});

describe('a busy library', () => {
  it('says another program holds it when a write waits too long', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const holder = new Database(path);
    holder.exec('BEGIN IMMEDIATE; DELETE FROM tracks WHERE id = 1;');
    const db = openDatabase(path, { busyTimeoutMs: 20 });
    try {
      const error = failure(() => {
        try {
          db.prepare('DELETE FROM tracks WHERE id = 2').run();
        } catch (raw) {
          throw asLibraryError(raw, path) ?? raw;
        }
      }, path);
      expect(error.code).toBe('busy');
    } finally {
      db.close();
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it('says so when another program holds it exclusively at opening', () => {
    const path = join(tempDir('sleeve-db-'), 'library.db');
    makeLibrary(path);
    const holder = new Database(path);
    holder.pragma('journal_mode = DELETE');
    holder.pragma('locking_mode = EXCLUSIVE');
    holder.exec('BEGIN EXCLUSIVE');
    try {
      for (const mode of [READ, WRITE]) expect(failure(() => openDatabase(path, { ...mode, busyTimeoutMs: 20 }), path).code).toBe('busy');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });
});

describe('a library on read-only media', () => {
  it.skipIf(!canMount(tempDir('sleeve-db-probe-')))('is read without switching modes or writing, and refused for writing', () => {
    const media = tmpfs(8 * 1024 * 1024) as string;
    const path = join(media, 'library.db');
    makeLibrary(path);
    remountReadOnly(media);

    const db: Db = openDatabase(path, READ);
    expect(db.prepare('SELECT path FROM roots').pluck().all()).toEqual(['/music']);
    expect(db.prepare('SELECT count(*) FROM tracks').pluck().get()).toBe(200);
    db.close();

    const error = failure(() => openDatabase(path, WRITE), path);
    expect(error.code).toBe('read_only');
    expect(error.message).toMatch(/read-only media/);
  });

  it.skipIf(!canMount(tempDir('sleeve-db-probe-')))('says an older library must be upgraded where it can be written', () => {
    const media = tmpfs(8 * 1024 * 1024) as string;
    const path = join(media, 'library.db');
    const older = new Database(path);
    for (const migration of MIGRATIONS.slice(0, -1)) {
      migration.up(older);
      older.pragma(`user_version = ${migration.version}`);
    }
    older.close();
    remountReadOnly(media);
    const error = failure(() => openDatabase(path, READ), path);
    expect(error.code).toBe('read_only');
    expect(error.message).toMatch(/older version of Sleeve/);
  });
});

describe('a full disk', () => {
  it.skipIf(!canMount(tempDir('sleeve-db-probe-')))('stops a write with one sentence and keeps every committed row', () => {
    const media = tmpfs(1024 * 1024) as string;
    const path = join(media, 'library.db');
    const db = openDatabase(path);
    const insert = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
    let committed = 0;
    let stopped: SleeveError | null = null;
    try {
      for (let i = 0; i < 1000 && !stopped; i++) {
        try {
          db.transaction(() => insert.run(`key ${i}`, 'v'.repeat(16 * 1024)))();
          committed++;
        } catch (raw) {
          stopped = asLibraryError(raw, path);
          if (!stopped) throw raw;
        }
      }
      expect(stopped?.code).toBe('disk_full');
      expect(failure(() => {
        throw stopped;
      }, path).message).toMatch(/nothing was lost/);
    } finally {
      db.close();
    }
    const reopened = openDatabase(path, READ);
    expect(reopened.prepare('SELECT count(*) FROM settings').pluck().get()).toBe(committed);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });

  it.skipIf(!canMount(tempDir('sleeve-db-probe-')))('refuses to create a library on a full disk with one sentence', () => {
    const media = tmpfs(64 * 1024) as string;
    writeFileSync(join(media, 'filler'), Buffer.alloc(0));
    try {
      for (;;) writeFileSync(join(media, 'filler'), Buffer.alloc(4096), { flag: 'a' });
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    }
    const path = join(media, 'library.db');
    expect(failure(() => openDatabase(path), path).code).toBe('disk_full');
  });
});
