/**
 * What watching needs of the library tables: lending the tracks of a folder
 * inside a music folder to a temporary root so a scan can visit only that
 * folder (watch/scan-folders.ts), and moving tracks to the new path of a
 * renamed folder so they keep their identity.
 */
import { sep } from 'node:path';
import type { Db } from './db.js';

/** The folder's path with a separator at its end: a prefix of exactly the paths inside it. */
function insidePrefix(folder: string): Buffer {
  return Buffer.from(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/**
 * The paths inside a folder as a range of path_raw: from its prefix up to
 * the prefix with its last byte (the separator) one higher. SQLite compares
 * blobs byte by byte, so the unique index on path_raw answers it; the test
 * `substr(path_raw, 1, n) = prefix` read every track instead (0.3–0.5 s per
 * folder at 1,000,000 tracks, for each path a watched change reports).
 */
export function insideRange(folder: string): [Buffer, Buffer] {
  const low = insidePrefix(folder);
  const high = Buffer.from(low);
  high[high.length - 1]++;
  return [low, high];
}

/** Tracks inside the folder given by insideRange. */
export const TRACKS_INSIDE = 'path_raw >= ? AND path_raw < ?';

/**
 * Gives the tracks below `folder` (inside the music folder `rootPath`) to a
 * root row of their own, so that scanning that folder as a root compares it
 * with exactly those tracks. Returns the temporary root's id.
 */
export function lendFolder(db: Db, rootPath: string, folder: string): number {
  return db.transaction(() => {
    const rootId = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(rootPath) as number | undefined;
    const tempId = Number(
      (db.prepare('INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET path = excluded.path RETURNING id').get(folder, Date.now()) as { id: number }).id,
    );
    if (rootId !== undefined) {
      // The unary + keeps SQLite on the path index: the music folder may hold every track.
      db.prepare(`UPDATE tracks SET root_id = ? WHERE +root_id = ? AND ${TRACKS_INSIDE}`).run(tempId, rootId, ...insideRange(folder));
    }
    return tempId;
  })();
}

/** Gives the lent tracks (and those the scan added) back to the music folder and drops the temporary root. */
export function returnFolder(db: Db, rootPath: string, folder: string): void {
  db.transaction(() => {
    const rootId = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(rootPath) as number | undefined;
    const tempId = db.prepare('SELECT id FROM roots WHERE path = ?').pluck().get(folder) as number | undefined;
    if (tempId === undefined || rootId === undefined || tempId === rootId) return;
    db.prepare('UPDATE tracks SET root_id = ? WHERE root_id = ?').run(rootId, tempId);
    db.prepare('DELETE FROM roots WHERE id = ?').run(tempId);
  })();
}

/**
 * Roots inside other roots: music folders never overlap (library/roots.ts
 * refuses it), so these are folders lent by a watcher that stopped before
 * giving them back. Returns them with the music folder each belongs to.
 */
export function lentFolders(db: Db): { rootPath: string; folder: string }[] {
  const roots = db.prepare('SELECT path FROM roots ORDER BY length(path)').pluck().all() as string[];
  const out: { rootPath: string; folder: string }[] = [];
  for (const folder of roots) {
    const outer = roots.find((root) => root !== folder && folder.startsWith(root.endsWith(sep) ? root : `${root}${sep}`));
    if (outer) out.push({ rootPath: outer, folder });
  }
  return out;
}

export interface KnownTrackFile {
  readonly pathRaw: Buffer;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The tracks the library holds below a folder. */
export function tracksUnder(db: Db, folder: string): KnownTrackFile[] {
  return db.prepare(`SELECT path_raw AS pathRaw, size, mtime_ms AS mtimeMs FROM tracks WHERE ${TRACKS_INSIDE}`).all(...insideRange(folder)) as KnownTrackFile[];
}

/**
 * Moves everything recorded below `from` to the same place below `to` (a
 * renamed folder): tracks keep their ids, albums keyed by their folder keep
 * theirs, covers read from folder images are found at their new path.
 */
export function moveFolder(db: Db, from: string, to: string): number {
  const fromPrefix = insidePrefix(from);
  const toPrefix = insidePrefix(to);
  const rebase = (raw: Buffer) => Buffer.concat([toPrefix, raw.subarray(fromPrefix.length)]);
  const rebaseText = (text: string) => (text === from ? to : to + text.slice(from.length));
  return db.transaction(() => {
    const tracks = db.prepare(`SELECT id, path_raw AS pathRaw FROM tracks WHERE ${TRACKS_INSIDE}`).all(...insideRange(from)) as {
      id: number;
      pathRaw: Buffer;
    }[];
    const moveTrack = db.prepare('UPDATE tracks SET path_raw = ?, path = ? WHERE id = ?');
    for (const track of tracks) {
      const raw = rebase(track.pathRaw);
      moveTrack.run(raw, raw.toString('utf8'), track.id);
    }
    db.prepare('DELETE FROM errors WHERE substr(path_raw, 1, ?) = ?').run(fromPrefix.length, fromPrefix);
    const albums = db.prepare("SELECT id, key, folder FROM albums WHERE folder = ? OR substr(folder, 1, ?) = ?").all(from, fromPrefix.toString().length, fromPrefix.toString()) as {
      id: number;
      key: string;
      folder: string;
    }[];
    const moveAlbum = db.prepare('UPDATE albums SET folder = ?, key = ? WHERE id = ?');
    for (const album of albums) {
      const folder = rebaseText(album.folder);
      const key = album.key === `folder\0${album.folder}` ? `folder\0${folder}` : album.key.replace(`\0${album.folder}`, `\0${folder}`);
      moveAlbum.run(folder, key, album.id);
    }
    const artworks = db.prepare('SELECT id, origin_path AS originPath FROM artworks WHERE substr(origin_path, 1, ?) = ?').all(fromPrefix.length, fromPrefix) as {
      id: number;
      originPath: Buffer;
    }[];
    const moveArtwork = db.prepare('UPDATE artworks SET origin_path = ? WHERE id = ?');
    for (const artwork of artworks) moveArtwork.run(rebase(artwork.originPath), artwork.id);
    return tracks.length;
  })();
}
