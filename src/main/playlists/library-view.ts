import type { Db } from '../store/db.js';

/** What playlists need to know of an album. */
export interface AlbumRow {
  readonly id: number;
  readonly artist: string;
  readonly album: string;
  readonly artworkId: number | null;
}

/** What playlists need to know of a track. */
export interface TrackRow {
  readonly id: number;
  readonly albumId: number;
  readonly path: string;
  readonly title: string;
  /** The track's own artist, else the album's. */
  readonly artist: string;
  readonly album: string;
  /** Seconds, or null when the tags did not say. */
  readonly duration: number | null;
}

/** Read-only queries on the library schema (see store/migrations.ts). */
export function loadAlbums(db: Db): AlbumRow[] {
  return db
    .prepare('SELECT id, artist, album, artwork_id AS artworkId FROM albums ORDER BY id')
    .all() as AlbumRow[];
}

/** Rows per statement of `IN (...)`, below SQLite's default variable limit. */
const IN_LIST_CHUNK = 500;

/** The tracks of the given albums, each album's in running order (disc, then track number, then path). */
export function loadAlbumTracks(db: Db, albumIds: readonly number[]): Map<number, TrackRow[]> {
  const byAlbum = new Map<number, TrackRow[]>();
  for (const id of albumIds) byAlbum.set(id, []);
  for (let start = 0; start < albumIds.length; start += IN_LIST_CHUNK) {
    const chunk = albumIds.slice(start, start + IN_LIST_CHUNK);
    const rows = db
      .prepare(
        `SELECT t.id, t.album_id AS albumId, t.path, t.title,
                COALESCE(NULLIF(t.artist, ''), a.artist) AS artist, a.album, t.duration
           FROM tracks t JOIN albums a ON a.id = t.album_id
          WHERE t.album_id IN (${chunk.map(() => '?').join(',')})
          ORDER BY t.album_id, t.disc_no IS NULL, t.disc_no, t.track_no IS NULL, t.track_no, t.path`,
      )
      .all(...chunk) as TrackRow[];
    for (const row of rows) byAlbum.get(row.albumId)?.push(row);
  }
  return byAlbum;
}

/** The album of the library track at this path, null when the track has no album, undefined when unknown. */
export function albumOfTrackPath(db: Db, path: string): number | null | undefined {
  const row = db.prepare('SELECT album_id AS albumId FROM tracks WHERE path = ?').get(path) as
    | { albumId: number | null }
    | undefined;
  return row?.albumId;
}

/**
 * How many covers have a usable vector of this kind (this version, dim
 * float32 values: what the index counts), and how many have one of another version.
 */
export function descriptorCounts(db: Db, kind: { name: string; version: number; dim: number }): { current: number; stale: number } {
  return db
    .prepare(
      `SELECT COALESCE(SUM(version = ? AND length(vector) = ?), 0) AS current, COALESCE(SUM(version <> ?), 0) AS stale
         FROM descriptors WHERE kind = ?`,
    )
    .get(kind.version, kind.dim * Float32Array.BYTES_PER_ELEMENT, kind.version, kind.name) as { current: number; stale: number };
}
