/** Saved playlists (migration 7): how each was built, its tracks, and where it was written. */
import type { Db } from './db.js';

export type SavedFormat = 'm3u8' | 'm3u' | 'xspf';
export type PathStyle = 'relative' | 'absolute';

export interface SavedPlaylistRow {
  readonly id: number;
  readonly name: string;
  /** What it was grown from, as the builder took it (JSON). */
  readonly seed: unknown;
  /** Length, diversity, mix, random seed… (JSON). */
  readonly settings: unknown;
  readonly file: string | null;
  readonly format: SavedFormat | null;
  readonly pathStyle: PathStyle | null;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly trackCount: number;
}

export interface SavedTrackRow {
  readonly position: number;
  /** Null when the library no longer has the track. */
  readonly trackId: number | null;
  readonly path: string;
}

/** A saved track as a playlist file needs it, from the library when it still has the track. */
export interface SavedTrackEntry extends SavedTrackRow {
  readonly title: string | null;
  readonly artist: string | null;
  readonly album: string | null;
  readonly duration: number | null;
}

interface Row {
  id: number;
  name: string;
  seed: string;
  settings: string;
  file: string | null;
  format: SavedFormat | null;
  path_style: PathStyle | null;
  created_at: number;
  updated_at: number;
  track_count: number;
}

const SELECT = `SELECT p.*, (SELECT count(*) FROM saved_playlist_tracks t WHERE t.playlist_id = p.id) AS track_count FROM saved_playlists p`;

function fromRow(row: Row): SavedPlaylistRow {
  return {
    id: row.id,
    name: row.name,
    seed: JSON.parse(row.seed) as unknown,
    settings: JSON.parse(row.settings) as unknown,
    file: row.file,
    format: row.format,
    pathStyle: row.path_style,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    trackCount: row.track_count,
  };
}

export function insertSavedPlaylist(db: Db, playlist: { name: string; seed: unknown; settings: unknown }, tracks: readonly { trackId: number | null; path: string }[]): number {
  return db.transaction(() => {
    const now = Date.now();
    const id = Number(
      db
        .prepare('INSERT INTO saved_playlists (name, seed, settings, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
        .run(playlist.name, JSON.stringify(playlist.seed ?? null), JSON.stringify(playlist.settings ?? null), now, now).lastInsertRowid,
    );
    writeTracks(db, id, tracks);
    return id;
  })();
}

/** Replaces a saved playlist's tracks (a rebuild), in one transaction. */
export function replaceSavedTracks(db: Db, id: number, tracks: readonly { trackId: number | null; path: string }[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM saved_playlist_tracks WHERE playlist_id = ?').run(id);
    writeTracks(db, id, tracks);
    db.prepare('UPDATE saved_playlists SET updated_at = ? WHERE id = ?').run(Date.now(), id);
  })();
}

export function recordWrittenFile(db: Db, id: number, file: string, format: SavedFormat, pathStyle: PathStyle): void {
  db.prepare('UPDATE saved_playlists SET file = ?, format = ?, path_style = ?, updated_at = ? WHERE id = ?').run(file, format, pathStyle, Date.now(), id);
}

export function listSavedPlaylists(db: Db): SavedPlaylistRow[] {
  return (db.prepare(`${SELECT} ORDER BY p.updated_at DESC, p.id DESC`).all() as Row[]).map(fromRow);
}

export function getSavedPlaylist(db: Db, id: number): SavedPlaylistRow | null {
  const row = db.prepare(`${SELECT} WHERE p.id = ?`).get(id) as Row | undefined;
  return row ? fromRow(row) : null;
}

export function savedTrackEntries(db: Db, id: number): SavedTrackEntry[] {
  return db
    .prepare(
      `SELECT s.position, s.track_id AS trackId, COALESCE(t.path, s.path) AS path, t.title,
              COALESCE(NULLIF(t.artist, ''), a.artist) AS artist, a.album, t.duration
         FROM saved_playlist_tracks s
         LEFT JOIN tracks t ON t.id = s.track_id
         LEFT JOIN albums a ON a.id = t.album_id
        WHERE s.playlist_id = ?
        ORDER BY s.position`,
    )
    .all(id) as SavedTrackEntry[];
}

export function deleteSavedPlaylistRow(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM saved_playlists WHERE id = ?').run(id).changes > 0;
}

function writeTracks(db: Db, id: number, tracks: readonly { trackId: number | null; path: string }[]): void {
  const insert = db.prepare('INSERT INTO saved_playlist_tracks (playlist_id, position, track_id, path) VALUES (?, ?, ?, ?)');
  tracks.forEach((track, position) => insert.run(id, position, track.trackId, track.path));
}
