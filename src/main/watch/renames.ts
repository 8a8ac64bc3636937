/**
 * Renamed folders keep their tracks. A rename reaches a watcher as a folder
 * gone and a folder come; when every track the library held below the gone
 * folder is below the new one at the same relative path, with the same size
 * and modification time (a rename keeps both), the tracks are moved to their
 * new paths in place: same track ids, same albums, no file read again and no
 * cover described again.
 */
import { statSync } from 'node:fs';
import { sep } from 'node:path';
import type { Db } from '../store/db.js';
import { moveFolder, tracksUnder } from '../store/watch-store.js';

export interface Rename {
  readonly from: string;
  readonly to: string;
  readonly tracks: number;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Finds renamed folders among changed paths and moves their tracks; returns what was moved. */
export function applyRenames(db: Db, changed: readonly string[]): Rename[] {
  const gone = changed.filter((path) => !exists(path)).map((path) => ({ path, tracks: tracksUnder(db, path) })).filter((g) => g.tracks.length > 0);
  if (gone.length === 0) return [];
  const arrived = changed.filter((path) => isDirectory(path) && tracksUnder(db, path).length === 0);
  const renames: Rename[] = [];
  for (const { path: from, tracks } of gone) {
    const prefix = Buffer.from(`${from}${sep}`);
    const to = arrived.find((candidate) =>
      tracks.every((track) => {
        const moved = Buffer.concat([Buffer.from(`${candidate}${sep}`), track.pathRaw.subarray(prefix.length)]);
        try {
          const s = statSync(moved);
          return s.size === track.size && s.mtimeMs === track.mtimeMs;
        } catch {
          return false;
        }
      }),
    );
    if (to === undefined) continue;
    renames.push({ from, to, tracks: moveFolder(db, from, to) });
    arrived.splice(arrived.indexOf(to), 1);
  }
  return renames;
}
