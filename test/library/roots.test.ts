import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addRoot, listRoots, removeRoot } from '../../src/main/library/roots.js';
import { openDatabase, type Db } from '../../src/main/store/db.js';
import { SleeveError } from '../../src/shared/errors.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const tempDir = temporaryFolders();

function freshDb(): Db {
  return openDatabase(join(tempDir('sleeve-roots-db-'), 'library.db'));
}

/** The SleeveError fn throws. */
function refusal(fn: () => unknown): SleeveError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SleeveError);
    return error as SleeveError;
  }
  throw new Error('expected a refusal');
}

function folders(...names: string[]): string[] {
  const base = tempDir('sleeve-roots-');
  return names.map((name) => {
    const path = join(base, name);
    mkdirSync(path, { recursive: true });
    return path;
  });
}

/** A track and an error recorded under a root, as a scan leaves them. */
function scanned(db: Db, root: string, file: string): void {
  const rootId = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(root) as number;
  const path = join(root, file);
  db.prepare('INSERT INTO tracks (path_raw, path, root_id, size, mtime_ms, title, scanned_at) VALUES (?, ?, ?, 1, 0, ?, 0)').run(
    Buffer.from(path),
    path,
    rootId,
    file,
  );
  const broken = join(root, `broken ${file}`);
  db.prepare('INSERT INTO errors (path_raw, path, reason, at) VALUES (?, ?, ?, 0)').run(Buffer.from(broken), broken, 'corrupt MP3 file');
}

const remaining = (db: Db) => ({
  tracks: db.prepare('SELECT path FROM tracks ORDER BY path').pluck().all(),
  errors: db.prepare('SELECT path FROM errors ORDER BY path').pluck().all(),
});

describe('paths of music folders', () => {
  it('refuses a NUL byte as a bad request', () => {
    const db = freshDb();
    const [music] = folders('music');
    expect(refusal(() => addRoot(db, `${music}\0/x`)).code).toBe('bad_request');
    expect(refusal(() => removeRoot(db, `${music}\0`)).code).toBe('bad_request');
    expect(listRoots(db)).toEqual([]);
    db.close();
  });

  it.skipIf(process.platform === 'win32')('refuses paths that are not absolute here, Windows ones included', () => {
    const db = freshDb();
    for (const path of ['music', 'C:/..', 'C:\\x', '\\\\server\\share\\x', '.']) {
      const error = refusal(() => addRoot(db, path));
      expect(error.code, path).toBe('bad_request');
      expect(error.message).toMatch(/absolute path/);
    }
    expect(listRoots(db)).toEqual([]);
    db.close();
  });

  it('stores a folder once, whatever trailing separators or dot segments it was given with', () => {
    const db = freshDb();
    const [music] = folders('music');
    expect(addRoot(db, `${music}/`)).toBe(music);
    expect(addRoot(db, `${music}/./sub/..`)).toBe(music);
    expect(listRoots(db)).toEqual([music]);
    db.close();
  });
});

describe('overlapping music folders', () => {
  it('refuses a folder inside another, naming the enclosing one', () => {
    const db = freshDb();
    const [music, jazz] = folders('music', 'music/jazz');
    addRoot(db, music);
    const error = refusal(() => addRoot(db, jazz));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`inside the music folder ${music}`);
    expect(listRoots(db)).toEqual([music]);
    db.close();
  });

  it('refuses a folder that contains another, naming the nested one', () => {
    const db = freshDb();
    const [music, jazz] = folders('music', 'music/jazz');
    addRoot(db, jazz);
    const error = refusal(() => addRoot(db, music));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain(`contains the music folder ${jazz}`);
    expect(listRoots(db)).toEqual([jazz]);
    db.close();
  });

  it('sees through symlinks, and does not mistake a sibling sharing a prefix for a nested folder', () => {
    const db = freshDb();
    const [music, jazz, music2] = folders('music', 'music/jazz', 'music2');
    addRoot(db, music);
    const alias = join(music2, 'alias');
    symlinkSync(music, alias);
    const jazzAlias = join(music2, 'jazz-alias');
    symlinkSync(jazz, jazzAlias);
    expect(refusal(() => addRoot(db, alias)).message).toContain(`same folder as the music folder ${music}`);
    expect(refusal(() => addRoot(db, jazzAlias)).message).toContain(`inside the music folder ${music}`);
    expect(addRoot(db, music2)).toBe(music2);
    db.close();
  });
});

describe('removing a music folder', () => {
  it('removes exactly its tracks and errors, not those of a sibling sharing its prefix', () => {
    const db = freshDb();
    const [a, ab] = folders('a', 'ab');
    addRoot(db, a);
    addRoot(db, ab);
    scanned(db, a, '1.mp3');
    scanned(db, ab, '2.mp3');
    removeRoot(db, `${a}/`);
    expect(remaining(db)).toEqual({ tracks: [join(ab, '2.mp3')], errors: [join(ab, 'broken 2.mp3')] });
    expect(listRoots(db)).toEqual([ab]);
    db.close();
  });

  it.skipIf(process.platform === 'win32')('removes everything of the root folder /', () => {
    const db = freshDb();
    expect(addRoot(db, '/')).toBe('/');
    scanned(db, '/', 'music/1.mp3');
    scanned(db, '/', 'other/2.mp3');
    removeRoot(db, '/');
    expect(remaining(db)).toEqual({ tracks: [], errors: [] });
    expect(listRoots(db)).toEqual([]);
    db.close();
  });

  it('keeps the errors of a nested folder that a library from before the refusal holds', () => {
    const db = freshDb();
    const [music, jazz] = folders('music', 'music/jazz');
    for (const root of [music, jazz]) db.prepare('INSERT INTO roots (path, added_at) VALUES (?, 0)').run(root);
    scanned(db, music, '1.mp3');
    scanned(db, jazz, '2.mp3');
    removeRoot(db, music);
    expect(remaining(db)).toEqual({ tracks: [join(jazz, '2.mp3')], errors: [join(jazz, 'broken 2.mp3')] });
    db.close();
  });

  it('says which folder is not one of the library', () => {
    const db = freshDb();
    const [music] = folders('music');
    const error = refusal(() => removeRoot(db, music));
    expect(error.code).toBe('not_found');
    expect(error.message).toContain(music);
    db.close();
  });
});
