import type { Db } from './db.js';

/** What the database already knows about a file, to skip it when unchanged. */
export interface KnownFile {
  readonly trackId: number | null;
  readonly size: number;
  readonly mtimeMs: number;
  /** Error rows recorded against the file (replaced when it is read again). */
  readonly errorRows: number;
}

export interface TrackRow {
  readonly pathRaw: Buffer;
  readonly path: string;
  readonly rootId: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** Device and inode of the file read (fstat of the open file): media is served only while they still match. */
  readonly dev: number;
  readonly ino: number;
  readonly albumKey: string;
  readonly albumArtist: string;
  readonly albumTitle: string;
  readonly albumCompilation: boolean;
  readonly albumFolder: string;
  readonly title: string;
  readonly artist: string | null;
  readonly tagAlbumArtist: string | null;
  readonly album: string | null;
  readonly trackNo: number | null;
  readonly discNo: number | null;
  readonly year: number | null;
  readonly genre: string | null;
  readonly duration: number | null;
  readonly container: string | null;
  readonly codec: string | null;
  readonly compilation: boolean;
  readonly artworkId: number | null;
  readonly artworkSource: 'embedded' | 'folder' | null;
}

export interface FileErrorRow {
  readonly pathRaw: Buffer;
  readonly path: string;
  readonly reason: string;
  /** Set when the file as it is now has been examined, so an unchanged file is not read again. */
  readonly size: number | null;
  readonly mtimeMs: number | null;
}

export interface ArtworkRow {
  readonly sha256: string;
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly bytes: number;
  readonly source: 'embedded' | 'folder';
  readonly originPath: Buffer;
  readonly originPicture: number | null;
  readonly thumbnail: Uint8Array | null;
  readonly thumbnailFormat: string | null;
}

export interface VectorRow {
  readonly kind: string;
  readonly version: number;
  readonly vector: Float32Array;
}

const key = (raw: Buffer) => raw.toString('latin1');

/** Prepared statements for one scan. */
export class ScanStore {
  private readonly insertRoot;
  private readonly upsertAlbum;
  private readonly upsertTrack;
  private readonly deleteErrorsFor;
  private readonly insertError;
  private readonly insertArtwork;
  private readonly upsertDescriptor;
  private readonly insertBad;
  private readonly previousAlbum;
  private readonly artworkBySha;
  private readonly badBySha;

  constructor(private readonly db: Db) {
    this.insertRoot = db.prepare(
      'INSERT INTO roots (path, added_at) VALUES (?, ?) ON CONFLICT(path) DO UPDATE SET path = excluded.path RETURNING id',
    );
    this.upsertAlbum = db.prepare(`
      INSERT INTO albums (key, artist, album, compilation, folder) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT(key) DO UPDATE SET artist = excluded.artist, album = excluded.album
      RETURNING id`);
    this.upsertTrack = db.prepare(`
      INSERT INTO tracks (path_raw, path, root_id, size, mtime_ms, dev, ino, album_id, title, artist, album_artist, album,
        track_no, disc_no, year, genre, duration, container, codec, compilation, artwork_id, artwork_source, scanned_at)
      VALUES (@pathRaw, @path, @rootId, @size, @mtimeMs, @dev, @ino, @albumId, @title, @artist, @tagAlbumArtist, @album,
        @trackNo, @discNo, @year, @genre, @duration, @container, @codec, @compilation, @artworkId, @artworkSource, @now)
      ON CONFLICT(path_raw) DO UPDATE SET path = excluded.path, root_id = excluded.root_id, size = excluded.size,
        mtime_ms = excluded.mtime_ms, dev = excluded.dev, ino = excluded.ino, album_id = excluded.album_id, title = excluded.title, artist = excluded.artist,
        album_artist = excluded.album_artist, album = excluded.album, track_no = excluded.track_no,
        disc_no = excluded.disc_no, year = excluded.year, genre = excluded.genre, duration = excluded.duration,
        container = excluded.container, codec = excluded.codec, compilation = excluded.compilation,
        artwork_id = excluded.artwork_id, artwork_source = excluded.artwork_source, scanned_at = excluded.scanned_at
      RETURNING album_id`);
    this.deleteErrorsFor = db.prepare('DELETE FROM errors WHERE path_raw = ?');
    this.insertError = db.prepare('INSERT INTO errors (path_raw, path, reason, size, mtime_ms, at) VALUES (?, ?, ?, ?, ?, ?)');
    // Numbered above every id ever used (artwork_id_floor, migration 4): never a removed cover's id.
    this.insertArtwork = db.prepare(`
      INSERT INTO artworks (id, sha256, format, width, height, bytes, source, origin_path, origin_picture, thumbnail, thumbnail_format, created_at)
      VALUES ((SELECT max(floor, (SELECT coalesce(max(id), 0) FROM artworks)) + 1 FROM artwork_id_floor),
        @sha256, @format, @width, @height, @bytes, @source, @originPath, @originPicture, @thumbnail, @thumbnailFormat, @now)
      ON CONFLICT(sha256) DO UPDATE SET sha256 = excluded.sha256
      RETURNING id`);
    this.upsertDescriptor = db.prepare(`
      INSERT INTO descriptors (artwork_id, kind, version, vector) VALUES (?, ?, ?, ?)
      ON CONFLICT(artwork_id, kind) DO UPDATE SET version = excluded.version, vector = excluded.vector`);
    this.insertBad = db.prepare('INSERT OR REPLACE INTO bad_pictures (sha256, reason) VALUES (?, ?)');
    this.previousAlbum = db.prepare('SELECT album_id FROM tracks WHERE path_raw = ?').pluck();
    this.artworkBySha = db.prepare('SELECT id FROM artworks WHERE sha256 = ?').pluck();
    this.badBySha = db.prepare('SELECT reason FROM bad_pictures WHERE sha256 = ?').pluck();
  }

  rootId(path: string): number {
    return (this.insertRoot.get(path, Date.now()) as { id: number }).id;
  }

  /** Files under a root the database knows: tracks, and files recorded as unreadable, with their error rows. */
  knownFiles(rootId: number, rootPath: string): Map<string, KnownFile> {
    const known = new Map<string, KnownFile>();
    // A track recorded before its device and inode were kept (migration 5) counts as changed, so it is read once more.
    const tracks = this.db.prepare('SELECT id, path_raw, iif(dev IS NULL, -1, size) AS size, mtime_ms FROM tracks WHERE root_id = ?').all(rootId) as {
      id: number;
      path_raw: Buffer;
      size: number;
      mtime_ms: number;
    }[];
    for (const t of tracks) known.set(key(t.path_raw), { trackId: t.id, size: t.size, mtimeMs: t.mtime_ms, errorRows: 0 });
    const prefix = Buffer.from(rootPath.endsWith('/') ? rootPath : `${rootPath}/`);
    const failed = this.db
      .prepare(
        `SELECT path_raw, max(size) AS size, max(mtime_ms) AS mtime_ms, count(*) AS n FROM errors
         WHERE size IS NOT NULL AND substr(path_raw, 1, ?) = ? GROUP BY path_raw`,
      )
      .all(prefix.length, prefix) as { path_raw: Buffer; size: number; mtime_ms: number; n: number }[];
    for (const f of failed) {
      const track = known.get(key(f.path_raw));
      if (track) known.set(key(f.path_raw), { ...track, errorRows: f.n });
      else known.set(key(f.path_raw), { trackId: null, size: f.size, mtimeMs: f.mtime_ms, errorRows: f.n });
    }
    return known;
  }

  /**
   * Replaces a root's folder-level problems (found again by each walk) with
   * this walk's, in one transaction.
   */
  replaceWalkProblems(rootPath: string, problems: readonly FileErrorRow[]): void {
    // The root itself, and what is inside it: not a sibling whose name starts the same ("/music2" for "/music").
    const root = Buffer.from(rootPath);
    const prefix = Buffer.from(rootPath.endsWith('/') ? rootPath : `${rootPath}/`);
    const now = Date.now();
    this.db.transaction(() => {
      this.db
        .prepare('DELETE FROM errors WHERE size IS NULL AND (path_raw = ? OR substr(path_raw, 1, ?) = ?)')
        .run(root, prefix.length, prefix);
      for (const e of problems) this.insertError.run(e.pathRaw, e.path, e.reason, e.size, e.mtimeMs, now);
    })();
  }

  /** Removes files that are gone, and refreshes their albums, in one transaction. */
  removeFiles(paths: readonly Buffer[]): void {
    const delTrack = this.db.prepare('DELETE FROM tracks WHERE path_raw = ? RETURNING album_id');
    this.db.transaction(() => {
      const albums = new Set<number>();
      for (const p of paths) {
        const row = delTrack.get(p) as { album_id: number | null } | undefined;
        if (row?.album_id != null) albums.add(row.album_id);
        this.deleteErrorsFor.run(p);
      }
      refreshAlbumFacts(this.db, albums);
    })();
  }

  /**
   * Writes one batch of examined files, and refreshes the albums they left or
   * joined, in a single transaction: a crash keeps or loses the batch whole,
   * and the albums always agree with the tracks committed.
   */
  writeBatch(tracks: readonly TrackRow[], errors: readonly FileErrorRow[], examined: readonly Buffer[]): void {
    const now = Date.now();
    this.db.transaction(() => {
      const albums = new Set<number>();
      for (const p of examined) this.deleteErrorsFor.run(p);
      for (const t of tracks) {
        const albumId = (
          this.upsertAlbum.get(t.albumKey, t.albumArtist, t.albumTitle, t.albumCompilation ? 1 : 0, t.albumFolder) as { id: number }
        ).id;
        const previous = this.previousAlbum.get(t.pathRaw) as number | null | undefined;
        if (previous != null && previous !== albumId) albums.add(previous);
        this.upsertTrack.run({ ...t, albumId, compilation: t.compilation ? 1 : 0, now });
        albums.add(albumId);
      }
      for (const e of errors) this.insertError.run(e.pathRaw, e.path, e.reason, e.size, e.mtimeMs, now);
      refreshAlbumFacts(this.db, albums);
    })();
  }

  /** Stores a new artwork and its vectors; returns its id. */
  addArtwork(row: ArtworkRow, vectors: readonly VectorRow[]): number {
    return this.db.transaction(() => {
      const id = (this.insertArtwork.get({ ...row, now: Date.now() }) as { id: number }).id;
      this.storeVectors(id, vectors);
      return id;
    })();
  }

  storeVectors(artworkId: number, vectors: readonly VectorRow[]): void {
    for (const v of vectors) {
      this.upsertDescriptor.run(artworkId, v.kind, v.version, Buffer.from(v.vector.buffer, v.vector.byteOffset, v.vector.byteLength));
    }
  }

  setThumbnail(artworkId: number, thumbnail: Uint8Array, format: string): void {
    this.db.prepare('UPDATE artworks SET thumbnail = ?, thumbnail_format = ? WHERE id = ?').run(thumbnail, format, artworkId);
  }

  markBad(sha256: string, reason: string): void {
    this.insertBad.run(sha256, reason);
  }

  /** A stored picture's artwork id, or why it was found unusable; undefined when never seen. */
  knownPicture(sha256: string): number | string | undefined {
    const id = this.artworkBySha.get(sha256) as number | undefined;
    if (id !== undefined) return id;
    return this.badBySha.get(sha256) as string | undefined;
  }

  /** Artworks no track uses any more (their descriptors go with them). */
  removeOrphanArtworks(): number {
    // One probe of tracks_artwork per cover, not a set of every track's cover built first.
    return this.db.prepare('DELETE FROM artworks WHERE NOT EXISTS (SELECT 1 FROM tracks WHERE artwork_id = artworks.id)').run().changes;
  }

  /** What the library holds now. */
  counts(): LibraryCounts {
    const count = (table: 'tracks' | 'albums' | 'artworks' | 'errors') => this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
    return { tracks: count('tracks'), albums: count('albums'), artworks: count('artworks'), errors: count('errors') };
  }
}

export interface LibraryCounts {
  readonly tracks: number;
  readonly albums: number;
  readonly artworks: number;
  readonly errors: number;
}

/**
 * Recomputes the per-album facts that depend on all of its tracks: the cover
 * (the artwork most of its tracks get; on a tie embedded, then the one of
 * the first disc and track), year and genre (most common), and drops albums
 * left with no tracks. Runs inside the caller's transaction when there is one.
 */
export function refreshAlbumFacts(db: Db, albumIds?: Iterable<number>): void {
  const ids = albumIds ? [...new Set(albumIds)] : (db.prepare('SELECT id FROM albums').pluck().all() as number[]);
  if (ids.length === 0) return;
  const cover = db.prepare(`
    SELECT artwork_id, artwork_source FROM tracks
    WHERE album_id = ? AND artwork_id IS NOT NULL
    GROUP BY artwork_id, artwork_source
    ORDER BY count(*) DESC, artwork_source = 'embedded' DESC, min(disc_no), min(track_no), min(path_raw)
    LIMIT 1`);
  // Ties are broken by the values themselves, never by row order, so that a
  // resumed scan chooses as a clean one does.
  const mostCommon = (column: 'year' | 'genre') =>
    db.prepare(`SELECT ${column} FROM tracks WHERE album_id = ? AND ${column} IS NOT NULL GROUP BY ${column} ORDER BY count(*) DESC, ${column} LIMIT 1`).pluck();
  const year = mostCommon('year');
  const genre = mostCommon('genre');
  const update = db.prepare('UPDATE albums SET artwork_id = ?, cover_source = ?, year = ?, genre = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM albums WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tracks WHERE album_id = ?)');
  db.transaction(() => {
    for (const id of ids) {
      if (remove.run(id, id).changes > 0) continue;
      const c = cover.get(id) as { artwork_id: number; artwork_source: 'embedded' | 'folder' } | undefined;
      update.run(c?.artwork_id ?? null, c?.artwork_source ?? null, year.get(id) ?? null, genre.get(id) ?? null, id);
    }
  })();
}
