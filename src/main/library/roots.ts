import { isAbsolute, normalize, parse, sep } from 'node:path';
import { realpathSync, statSync } from 'node:fs';
import { SleeveError, type ErrorCode } from '../../shared/errors.js';
import type { Db } from '../store/db.js';
import { refreshAlbums } from './albums.js';

/** A music folder that cannot be added or removed; the message is a sentence for the user. */
export class RootError extends SleeveError {
  constructor(message: string, code: ErrorCode = 'bad_request') {
    super(code, message);
    this.name = 'RootError';
  }
}

export function listRoots(db: Db): string[] {
  return db.prepare('SELECT path FROM roots ORDER BY path').pluck().all() as string[];
}

/**
 * A music folder's path as stored: absolute as this platform means it (on
 * Linux `C:\x` is a relative name that would land in the working folder),
 * without a NUL (no file system accepts one), normalised, with no trailing
 * separator except for a file system's root.
 */
export function musicFolderPath(path: string): string {
  if (path.includes('\0')) throw new RootError('The path of the music folder contains a NUL character, which no folder name can hold.');
  if (!isAbsolute(path)) throw new RootError(`The music folder must be given by its absolute path on this computer, not "${path.slice(0, 200)}".`);
  const normal = normalize(path);
  return normal.endsWith(sep) && normal !== parse(normal).root ? normal.slice(0, -1) : normal;
}

/** The folder's path with a separator at its end: a prefix of exactly the paths inside it. */
function insidePrefix(folder: string): string {
  return folder.endsWith(sep) ? folder : `${folder}${sep}`;
}

function contains(outer: string, inner: string): boolean {
  return inner.startsWith(insidePrefix(outer));
}

/** The folder's real path (symlinks resolved), or the path itself when it cannot be resolved (gone, unreadable). */
function realOrSame(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/**
 * Adds a music folder; it must exist, be a folder, and not overlap another
 * music folder: nested folders would take each other's tracks in a scan, and
 * removing one would lose the other's.
 */
export function addRoot(db: Db, path: string): string {
  const absolute = musicFolderPath(path);
  let isDir = false;
  try {
    isDir = statSync(absolute).isDirectory();
  } catch {
    throw new RootError(`There is no folder at ${absolute}.`, 'not_found');
  }
  if (!isDir) throw new RootError(`${absolute} is a file, not a folder.`);
  const real = realOrSame(absolute);
  for (const root of listRoots(db)) {
    if (root === absolute) return absolute;
    const rootReal = realOrSame(root);
    if (rootReal === real) throw new RootError(`${absolute} is the same folder as the music folder ${root}.`, 'conflict');
    if (contains(rootReal, real) || contains(root, absolute)) {
      throw new RootError(`${absolute} is inside the music folder ${root}, which already includes it.`, 'conflict');
    }
    if (contains(real, rootReal) || contains(absolute, root)) {
      throw new RootError(`${absolute} contains the music folder ${root}: remove ${root} first, then add ${absolute}.`, 'conflict');
    }
  }
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(absolute, Date.now());
  return absolute;
}

/**
 * Forgets a music folder and exactly what was scanned from it: its tracks and
 * the errors recorded for paths inside it (not those of another music folder
 * nested in it, as libraries made before nesting was refused may have). The
 * files themselves are untouched.
 */
export function removeRoot(db: Db, path: string): void {
  const absolute = musicFolderPath(path);
  const id = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(absolute) as number | undefined;
  if (id === undefined) throw new RootError(`${absolute} is not a music folder of this library.`, 'not_found');
  const prefix = Buffer.from(insidePrefix(absolute));
  const nested = listRoots(db)
    .filter((root) => root !== absolute && contains(absolute, root))
    .map((root) => Buffer.from(insidePrefix(root)));
  db.transaction(() => {
    const albums = db.prepare('SELECT DISTINCT album_id FROM tracks WHERE root_id = ? AND album_id IS NOT NULL').pluck().all(id) as number[];
    const errors = db
      .prepare('SELECT id, path_raw AS pathRaw FROM errors WHERE substr(path_raw, 1, ?) = ? OR path_raw = ?')
      .all(prefix.length, prefix, Buffer.from(absolute)) as { id: number; pathRaw: Buffer }[];
    const forget = db.prepare('DELETE FROM errors WHERE id = ?');
    for (const error of errors) {
      if (!nested.some((inner) => error.pathRaw.subarray(0, inner.length).equals(inner))) forget.run(error.id);
    }
    db.prepare('DELETE FROM tracks WHERE root_id = ?').run(id);
    db.prepare('DELETE FROM roots WHERE id = ?').run(id);
    refreshAlbums(db, albums);
    db.prepare('DELETE FROM artworks WHERE id NOT IN (SELECT artwork_id FROM tracks WHERE artwork_id IS NOT NULL)').run();
  })();
}
