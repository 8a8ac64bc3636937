import { resolve } from 'node:path';
import { statSync } from 'node:fs';
import type { Db } from '../store/db.js';
import { refreshAlbums } from './albums.js';

export class RootError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootError';
  }
}

export function listRoots(db: Db): string[] {
  return db.prepare('SELECT path FROM roots ORDER BY path').pluck().all() as string[];
}

/** Adds a music folder; it must exist and be a folder. */
export function addRoot(db: Db, path: string): string {
  const absolute = resolve(path);
  let isDir = false;
  try {
    isDir = statSync(absolute).isDirectory();
  } catch {
    throw new RootError(`no such folder: ${absolute}`);
  }
  if (!isDir) throw new RootError(`not a folder: ${absolute}`);
  db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO NOTHING').run(absolute, Date.now());
  return absolute;
}

/** Forgets a music folder and everything scanned from it (the files themselves are untouched). */
export function removeRoot(db: Db, path: string): void {
  const absolute = resolve(path);
  const id = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(absolute) as number | undefined;
  if (id === undefined) throw new RootError(`not a music folder of this library: ${absolute}`);
  db.transaction(() => {
    const albums = db.prepare('SELECT DISTINCT album_id FROM tracks WHERE root_id = ? AND album_id IS NOT NULL').pluck().all(id) as number[];
    const prefix = Buffer.from(`${absolute}/`);
    db.prepare('DELETE FROM errors WHERE substr(path_raw, 1, ?) = ? OR path = ?').run(prefix.length, prefix, absolute);
    db.prepare('DELETE FROM tracks WHERE root_id = ?').run(id);
    db.prepare('DELETE FROM roots WHERE id = ?').run(id);
    refreshAlbums(db, albums);
    db.prepare('DELETE FROM artworks WHERE id NOT IN (SELECT artwork_id FROM tracks WHERE artwork_id IS NOT NULL)').run();
  })();
}
