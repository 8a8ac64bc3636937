import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { NewerDatabaseError, openDatabase } from '../../src/main/store/db.js';
import { SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { defaultDatabasePath } from '../../src/main/store/paths.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const folders = temporaryFolders();
const tempDir = () => folders('sleeve-db-');

describe('library database', () => {
  it('is created migrated, in WAL mode with foreign keys on', () => {
    const path = join(tempDir(), 'nested', 'library.db');
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['tracks', 'albums', 'artworks', 'descriptors', 'errors', 'ann_indexes']));
    db.close();
  });

  // A rescan after adding one album reads one folder's tracks and checks which covers are still used;
  // at 1,000,000 tracks a pass over all of them took most of its time (bench/scale.ts).
  it('answers a rescan\'s per-folder and per-cover questions from indexes, not a pass over every track', () => {
    const db = openDatabase(join(tempDir(), 'library.db'));
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join('; ');
    expect(plan('SELECT id, path_raw FROM tracks WHERE root_id = 1')).toMatch(/USING INDEX tracks_root/);
    expect(plan('DELETE FROM artworks WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE artwork_id = artworks.id)')).toMatch(/INDEX tracks_artwork/);
    expect(plan('SELECT id FROM artworks WHERE sha256 = \'x\'')).toMatch(/^SEARCH artworks USING (COVERING )?INDEX/);
    db.close();
  });

  it('refuses a database written by a newer Sleeve, and leaves it untouched', () => {
    const path = join(tempDir(), 'library.db');
    openDatabase(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(path)).toThrow(NewerDatabaseError);
    expect(() => openDatabase(path)).toThrow(/newer version of Sleeve/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 1);
    check.close();
  });

  it('opens again without re-running migrations', () => {
    const path = join(tempDir(), 'library.db');
    const db = openDatabase(path);
    db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?)').run('/music', 1);
    db.close();
    const again = openDatabase(path);
    expect(again.prepare('SELECT path FROM roots').pluck().all()).toEqual(['/music']);
    again.close();
  });
});

describe('database location', () => {
  it('follows SLEEVE_DB, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(defaultDatabasePath({ SLEEVE_DB: '/x/lib.db' })).toBe('/x/lib.db');
    expect(defaultDatabasePath({ XDG_DATA_HOME: '/data' })).toBe('/data/sleeve/library.db');
    expect(defaultDatabasePath({ HOME: '/home/u' })).toMatch(/\.local\/share\/sleeve\/library\.db$/);
  });
});
