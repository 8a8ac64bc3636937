import type { Db } from './db.js';
import { timed } from './db.js';

export interface CoverInfo {
  artworkId: number;
  sha256: string;
  source: 'embedded' | 'folder';
  format: string;
  width: number;
  height: number;
}

export interface AlbumSummary {
  id: number;
  artist: string;
  album: string;
  year: number | null;
  genre: string | null;
  compilation: boolean;
  tracks: number;
  duration: number;
  cover: CoverInfo | null;
}

export interface TrackInfo {
  id: number;
  path: string;
  albumId: number | null;
  title: string;
  artist: string | null;
  album: string | null;
  trackNo: number | null;
  discNo: number | null;
  duration: number | null;
  artwork: string | null;
  artworkSource: 'embedded' | 'folder' | null;
}

export type AlbumSort = 'artist' | 'album' | 'year' | 'added';

export interface AlbumQuery {
  search?: string;
  sort?: AlbumSort;
  offset?: number;
  limit?: number;
}

const SORTS: Record<AlbumSort, string> = {
  artist: 'al.artist COLLATE NOCASE, al.year, al.album COLLATE NOCASE',
  album: 'al.album COLLATE NOCASE, al.artist COLLATE NOCASE',
  year: 'al.year IS NULL, al.year DESC, al.artist COLLATE NOCASE, al.album COLLATE NOCASE',
  added: 'al.id DESC',
};

const ALBUM_SELECT = `
  SELECT al.id, al.artist, al.album, al.year, al.genre, al.compilation,
    (SELECT count(*) FROM tracks t WHERE t.album_id = al.id) AS tracks,
    (SELECT coalesce(sum(t.duration), 0) FROM tracks t WHERE t.album_id = al.id) AS duration,
    al.artwork_id, al.cover_source, a.sha256, a.format, a.width, a.height
  FROM albums al LEFT JOIN artworks a ON a.id = al.artwork_id`;

interface AlbumRow {
  id: number;
  artist: string;
  album: string;
  year: number | null;
  genre: string | null;
  compilation: number;
  tracks: number;
  duration: number;
  artwork_id: number | null;
  cover_source: 'embedded' | 'folder' | null;
  sha256: string | null;
  format: string | null;
  width: number | null;
  height: number | null;
}

function toAlbum(r: AlbumRow): AlbumSummary {
  return {
    id: r.id,
    artist: r.artist,
    album: r.album,
    year: r.year,
    genre: r.genre,
    compilation: r.compilation === 1,
    tracks: r.tracks,
    duration: r.duration,
    cover:
      r.artwork_id !== null && r.sha256 !== null
        ? {
            artworkId: r.artwork_id,
            sha256: r.sha256,
            source: r.cover_source ?? 'embedded',
            format: r.format as string,
            width: r.width as number,
            height: r.height as number,
          }
        : null,
  };
}

/** Albums, searched by artist or album (case-insensitive substring), sorted and paged. */
export function listAlbums(db: Db, query: AlbumQuery = {}): { total: number; albums: AlbumSummary[] } {
  const where = query.search ? `WHERE al.artist LIKE @like ESCAPE '\\' OR al.album LIKE @like ESCAPE '\\'` : '';
  const like = query.search ? `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  const params = { like, limit: query.limit ?? -1, offset: query.offset ?? 0 };
  return timed('listAlbums', () => {
    const total = db.prepare(`SELECT count(*) FROM albums al ${where}`).pluck().get(like === undefined ? {} : { like }) as number;
    const rows = db
      .prepare(`${ALBUM_SELECT} ${where} ORDER BY ${SORTS[query.sort ?? 'artist']} LIMIT @limit OFFSET @offset`)
      .all(like === undefined ? { limit: params.limit, offset: params.offset } : params) as AlbumRow[];
    return { total, albums: rows.map(toAlbum) };
  });
}

/** Rows per statement of `IN (...)`, below SQLite's default variable limit. */
const IN_CHUNK = 500;

/** Albums by id, in the order given (ids not in the library are left out): one page of albumPage (album-search.ts). */
export function albumsByIds(db: Db, ids: readonly number[]): AlbumSummary[] {
  const byId = new Map<number, AlbumSummary>();
  for (let start = 0; start < ids.length; start += IN_CHUNK) {
    const chunk = ids.slice(start, start + IN_CHUNK);
    const rows = db.prepare(`${ALBUM_SELECT} WHERE al.id IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as AlbumRow[];
    for (const row of rows) byId.set(row.id, toAlbum(row));
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function getAlbum(db: Db, id: number): AlbumSummary | null {
  const row = db.prepare(`${ALBUM_SELECT} WHERE al.id = ?`).get(id) as AlbumRow | undefined;
  return row ? toAlbum(row) : null;
}

const TRACK_SELECT = `
  SELECT t.id, t.path, t.album_id, t.title, t.artist, t.album, t.track_no, t.disc_no, t.duration,
    a.sha256 AS artwork, t.artwork_source
  FROM tracks t LEFT JOIN artworks a ON a.id = t.artwork_id`;

interface TrackRowOut {
  id: number;
  path: string;
  album_id: number | null;
  title: string;
  artist: string | null;
  album: string | null;
  track_no: number | null;
  disc_no: number | null;
  duration: number | null;
  artwork: string | null;
  artwork_source: 'embedded' | 'folder' | null;
}

function toTrack(r: TrackRowOut): TrackInfo {
  return {
    id: r.id,
    path: r.path,
    albumId: r.album_id,
    title: r.title,
    artist: r.artist,
    album: r.album,
    trackNo: r.track_no,
    discNo: r.disc_no,
    duration: r.duration,
    artwork: r.artwork,
    artworkSource: r.artwork_source,
  };
}

export function listTracks(db: Db, albumId?: number): TrackInfo[] {
  const sql =
    albumId === undefined
      ? `${TRACK_SELECT} ORDER BY t.path`
      : `${TRACK_SELECT} WHERE t.album_id = ? ORDER BY coalesce(t.disc_no, 1), t.track_no IS NULL, t.track_no, t.path`;
  const rows = (albumId === undefined ? db.prepare(sql).all() : db.prepare(sql).all(albumId)) as TrackRowOut[];
  return rows.map(toTrack);
}

/** One page of tracks (of the library by path, or of one album in playing order). */
export function listTracksPage(db: Db, query: { albumId?: number; offset: number; limit: number }): { total: number; items: TrackInfo[] } {
  return timed('listTracksPage', () => {
    if (query.albumId === undefined) {
      const total = db.prepare('SELECT count(*) FROM tracks').pluck().get() as number;
      const rows = db.prepare(`${TRACK_SELECT} ORDER BY t.path LIMIT ? OFFSET ?`).all(query.limit, query.offset) as TrackRowOut[];
      return { total, items: rows.map(toTrack) };
    }
    const total = db.prepare('SELECT count(*) FROM tracks WHERE album_id = ?').pluck().get(query.albumId) as number;
    const rows = db
      .prepare(`${TRACK_SELECT} WHERE t.album_id = ? ORDER BY coalesce(t.disc_no, 1), t.track_no IS NULL, t.track_no, t.path LIMIT ? OFFSET ?`)
      .all(query.albumId, query.limit, query.offset) as TrackRowOut[];
    return { total, items: rows.map(toTrack) };
  });
}

export interface ErrorInfo {
  path: string;
  reason: string;
}

export function listErrors(db: Db): ErrorInfo[] {
  return db.prepare('SELECT path, reason FROM errors ORDER BY path, id').all() as ErrorInfo[];
}

export interface LibraryStatus {
  database: string;
  schemaVersion: number;
  roots: string[];
  tracks: number;
  albums: number;
  artworks: number;
  errors: number;
  descriptors: { kind: string; version: number; count: number }[];
  lastScan: string | null;
}

export function libraryStatus(db: Db, databasePath: string): LibraryStatus {
  const count = (sql: string) => db.prepare(sql).pluck().get() as number;
  const lastScan = db.prepare('SELECT max(scanned_at) FROM tracks').pluck().get() as number | null;
  return {
    database: databasePath,
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
    roots: db.prepare('SELECT path FROM roots ORDER BY path').pluck().all() as string[],
    tracks: count('SELECT count(*) FROM tracks'),
    albums: count('SELECT count(*) FROM albums'),
    artworks: count('SELECT count(*) FROM artworks'),
    errors: count('SELECT count(*) FROM errors'),
    descriptors: db
      .prepare('SELECT kind, version, count(*) AS count FROM descriptors GROUP BY kind, version ORDER BY kind, version')
      .all() as LibraryStatus['descriptors'],
    lastScan: lastScan ? new Date(lastScan).toISOString() : null,
  };
}
