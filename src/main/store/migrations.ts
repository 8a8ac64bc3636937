import type Database from 'better-sqlite3';

/**
 * Numbered schema migrations. Each runs in its own transaction and bumps
 * `PRAGMA user_version`; a database whose version is above the last entry
 * here was written by a newer Sleeve and is refused (see db.ts).
 * Never edit a migration that has shipped: add a new one.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'library',
    up(db) {
      db.exec(`
        CREATE TABLE roots (
          id INTEGER PRIMARY KEY,
          path TEXT NOT NULL UNIQUE,
          added_at INTEGER NOT NULL
        );

        -- One row per distinct picture (content hash of the bytes as stored).
        -- origin_* say where the bytes can be read again, to recompute a
        -- descriptor after a version bump without keeping the originals.
        CREATE TABLE artworks (
          id INTEGER PRIMARY KEY,
          sha256 TEXT NOT NULL UNIQUE,
          format TEXT NOT NULL,
          width INTEGER NOT NULL,
          height INTEGER NOT NULL,
          bytes INTEGER NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('embedded', 'folder')),
          origin_path BLOB NOT NULL,
          origin_picture INTEGER,
          thumbnail BLOB,
          thumbnail_format TEXT,
          created_at INTEGER NOT NULL
        );

        CREATE TABLE albums (
          id INTEGER PRIMARY KEY,
          key TEXT NOT NULL UNIQUE,
          artist TEXT NOT NULL,
          album TEXT NOT NULL,
          compilation INTEGER NOT NULL DEFAULT 0,
          year INTEGER,
          genre TEXT,
          folder TEXT NOT NULL,
          artwork_id INTEGER REFERENCES artworks(id) ON DELETE SET NULL,
          cover_source TEXT CHECK (cover_source IN ('embedded', 'folder'))
        );

        -- path_raw holds the file's path as the bytes the file system gave:
        -- names that are not valid UTF-8 are still opened through them.
        CREATE TABLE tracks (
          id INTEGER PRIMARY KEY,
          path_raw BLOB NOT NULL UNIQUE,
          path TEXT NOT NULL,
          root_id INTEGER REFERENCES roots(id) ON DELETE CASCADE,
          size INTEGER NOT NULL,
          mtime_ms REAL NOT NULL,
          album_id INTEGER REFERENCES albums(id) ON DELETE SET NULL,
          title TEXT NOT NULL,
          artist TEXT,
          album_artist TEXT,
          album TEXT,
          track_no INTEGER,
          disc_no INTEGER,
          year INTEGER,
          genre TEXT,
          duration REAL,
          container TEXT,
          codec TEXT,
          compilation INTEGER NOT NULL DEFAULT 0,
          artwork_id INTEGER REFERENCES artworks(id) ON DELETE SET NULL,
          artwork_source TEXT CHECK (artwork_source IN ('embedded', 'folder')),
          scanned_at INTEGER NOT NULL
        );
        CREATE INDEX tracks_album ON tracks(album_id);
        CREATE INDEX tracks_artwork ON tracks(artwork_id);

        -- What could not be read. A file's errors are replaced each time it
        -- is scanned again; artwork_id marks a decode failure of one picture.
        CREATE TABLE errors (
          id INTEGER PRIMARY KEY,
          path_raw BLOB NOT NULL,
          path TEXT NOT NULL,
          reason TEXT NOT NULL,
          size INTEGER,
          mtime_ms REAL,
          at INTEGER NOT NULL
        );
        CREATE INDEX errors_path ON errors(path_raw);

        CREATE TABLE descriptors (
          artwork_id INTEGER NOT NULL REFERENCES artworks(id) ON DELETE CASCADE,
          kind TEXT NOT NULL,
          version INTEGER NOT NULL,
          vector BLOB NOT NULL,
          PRIMARY KEY (artwork_id, kind)
        ) WITHOUT ROWID;

        -- Pictures that failed to decode, by hash: never decoded twice.
        CREATE TABLE bad_pictures (
          sha256 TEXT PRIMARY KEY,
          reason TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE ann_indexes (
          kind TEXT PRIMARY KEY,
          file TEXT NOT NULL,
          count INTEGER NOT NULL,
          dim INTEGER NOT NULL,
          version INTEGER NOT NULL,
          checksum TEXT NOT NULL,
          built_at INTEGER NOT NULL
        );

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'learned models',
    up(db) {
      db.exec(`
        -- Projections fitted by \`sleeve learn\` (eval/learned.ts). Each fit is a
        -- new version of its kind; descriptors of the kind carry that version.
        -- classes and album_ids say what it was fitted on (JSON arrays);
        -- inputs lists the input kinds with their versions and widths (JSON);
        -- model is float32 little-endian: the centre (sum of input widths)
        -- then the projection (that many rows × dim).
        CREATE TABLE learned_models (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL DEFAULT 'learned',
          version INTEGER NOT NULL,
          label TEXT NOT NULL,
          fitted_at INTEGER NOT NULL,
          classes TEXT NOT NULL,
          album_ids TEXT NOT NULL,
          inputs TEXT NOT NULL,
          dim INTEGER NOT NULL,
          shrinkage REAL NOT NULL,
          model BLOB NOT NULL,
          UNIQUE (kind, version)
        );
      `);
    },
  },
  {
    version: 3,
    name: 'index file signatures',
    up(db) {
      // The index file's size, inode and change times when its checksum was last
      // verified: while they are unchanged, opening skips hashing the whole file.
      db.exec('ALTER TABLE ann_indexes ADD COLUMN file_signature TEXT');
    },
  },
  {
    version: 4,
    name: 'scan lock, artwork ids never reused',
    up(db) {
      db.exec(`
        -- One scan at a time per library, across processes (store/scan-lock.ts):
        -- at most one row, the scan that holds the lock. process_start tells a
        -- reused pid from the holder; heartbeat_at tells other hosts it is alive.
        CREATE TABLE scan_lock (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          token TEXT NOT NULL,
          pid INTEGER NOT NULL,
          hostname TEXT NOT NULL,
          process_start TEXT,
          started_at INTEGER NOT NULL,
          heartbeat_at INTEGER NOT NULL
        );

        -- The highest artwork id ever deleted: new artworks are numbered above
        -- it (store/scan-store.ts), so an id names one picture for good and an
        -- index file that still holds a removed cover never mistakes a new
        -- cover for it. (SQLite reuses the largest rowid once it is deleted.)
        CREATE TABLE artwork_id_floor (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          floor INTEGER NOT NULL
        );
        INSERT INTO artwork_id_floor (id, floor) SELECT 1, coalesce(max(id), 0) FROM artworks;
        CREATE TRIGGER artworks_id_floor AFTER DELETE ON artworks BEGIN
          UPDATE artwork_id_floor SET floor = old.id WHERE floor < old.id;
        END;
      `);
    },
  },
  {
    version: 5,
    name: 'track file identity',
    up(db) {
      // The device and inode of the file a track was read from, beside its size
      // and mtime: media is served only while the file is still that one
      // (api/media.ts), never a file swapped in at its path since the scan.
      db.exec(`
        ALTER TABLE tracks ADD COLUMN dev INTEGER;
        ALTER TABLE tracks ADD COLUMN ino INTEGER;
      `);
    },
  },
  {
    version: 6,
    name: 'incremental indexes and album search',
    up(db) {
      db.exec(`
        -- The artwork ids an index file holds (float64 little-endian, ascending)
        -- and how it stores vectors: opening compares them with the descriptors
        -- to search what was added since exactly and leave out what was removed.
        ALTER TABLE ann_indexes ADD COLUMN members BLOB;
        ALTER TABLE ann_indexes ADD COLUMN scalar TEXT NOT NULL DEFAULT 'f32';

        -- The current vectors of a kind, in id order, without reading the vectors.
        CREATE INDEX descriptors_current ON descriptors(kind, version, length(vector), artwork_id);

        -- Album paging in each sort order without sorting the whole table.
        CREATE INDEX albums_by_artist ON albums(artist COLLATE NOCASE, year, album COLLATE NOCASE);
        CREATE INDEX albums_by_title ON albums(album COLLATE NOCASE, artist COLLATE NOCASE);
        CREATE INDEX albums_by_year ON albums(year IS NULL, year DESC, artist COLLATE NOCASE, album COLLATE NOCASE);

        -- Search as you type: trigrams answer the same case-insensitive
        -- substring match as LIKE '%text%', from an index (store/album-search.ts).
        CREATE VIRTUAL TABLE albums_search USING fts5(
          artist, album, content = 'albums', content_rowid = 'id', tokenize = 'trigram'
        );
        INSERT INTO albums_search(albums_search) VALUES ('rebuild');
        CREATE TRIGGER albums_search_insert AFTER INSERT ON albums BEGIN
          INSERT INTO albums_search(rowid, artist, album) VALUES (new.id, new.artist, new.album);
        END;
        CREATE TRIGGER albums_search_delete AFTER DELETE ON albums BEGIN
          INSERT INTO albums_search(albums_search, rowid, artist, album) VALUES ('delete', old.id, old.artist, old.album);
        END;
        CREATE TRIGGER albums_search_update AFTER UPDATE OF artist, album ON albums BEGIN
          INSERT INTO albums_search(albums_search, rowid, artist, album) VALUES ('delete', old.id, old.artist, old.album);
          INSERT INTO albums_search(rowid, artist, album) VALUES (new.id, new.artist, new.album);
        END;
      `);
    },
  },
  {
    version: 7,
    name: 'cover atlas and saved playlists',
    up(db) {
      db.exec(`
        -- One map of the library's covers per descriptor mix (atlas/atlas.ts),
        -- with what it was computed from: the kinds at their versions and
        -- weights, the layout settings and seed (JSON), and per point the
        -- artwork it placed. placed says how: by the last full layout, or
        -- near its neighbours when it arrived after it. x and y are in [0, 1];
        -- separation is the width a cover is drawn at so none covers another.
        CREATE TABLE atlas_maps (
          id INTEGER PRIMARY KEY,
          mix TEXT NOT NULL UNIQUE,
          kinds TEXT NOT NULL,
          settings TEXT NOT NULL,
          separation REAL NOT NULL,
          laid_out_count INTEGER NOT NULL,
          laid_out_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE atlas_points (
          map_id INTEGER NOT NULL REFERENCES atlas_maps(id) ON DELETE CASCADE,
          album_id INTEGER NOT NULL,
          artwork_id INTEGER NOT NULL,
          x REAL NOT NULL,
          y REAL NOT NULL,
          placed TEXT NOT NULL CHECK (placed IN ('layout', 'neighbours')),
          PRIMARY KEY (map_id, album_id)
        ) WITHOUT ROWID;

        -- Playlists the user saved (playlists/saved.ts): how to build them again
        -- (seed and settings, JSON), the tracks as they were, and where the file
        -- was written (null until it is) with its format and path style.
        CREATE TABLE saved_playlists (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          seed TEXT NOT NULL,
          settings TEXT NOT NULL,
          file TEXT,
          format TEXT CHECK (format IN ('m3u8', 'm3u', 'xspf')),
          path_style TEXT CHECK (path_style IN ('relative', 'absolute')),
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        -- track_id is cleared when a scan forgets the track; path still says what it was.
        CREATE TABLE saved_playlist_tracks (
          playlist_id INTEGER NOT NULL REFERENCES saved_playlists(id) ON DELETE CASCADE,
          position INTEGER NOT NULL,
          track_id INTEGER REFERENCES tracks(id) ON DELETE SET NULL,
          path TEXT NOT NULL,
          PRIMARY KEY (playlist_id, position)
        ) WITHOUT ROWID;
        CREATE INDEX saved_playlist_tracks_track ON saved_playlist_tracks(track_id);
      `);
    },
  },
  {
    version: 8,
    name: 'tracks by music folder',
    up(db) {
      // A rescan lists the tracks of each folder it walks (ScanStore.knownFiles):
      // without this, a full pass over every track, 1.4 s of a rescan at 1,000,000 tracks.
      db.exec('CREATE INDEX tracks_root ON tracks(root_id)');
    },
  },
  {
    version: 9,
    name: 'descriptor generations',
    up(db) {
      db.exec(`
        -- A number per kind that every change to the kind's descriptors raises
        -- (cascaded deletes included), so that opening an index can tell that
        -- nothing changed since its delta was worked out without listing the
        -- kind's ids: 50-110 ms per kind at 100,000 covers.
        CREATE TABLE descriptor_generations (kind TEXT PRIMARY KEY, generation INTEGER NOT NULL) WITHOUT ROWID;
        INSERT INTO descriptor_generations (kind, generation) SELECT DISTINCT kind, 1 FROM descriptors;
        CREATE TRIGGER descriptors_added AFTER INSERT ON descriptors BEGIN
          INSERT INTO descriptor_generations (kind, generation) VALUES (NEW.kind, 1)
            ON CONFLICT (kind) DO UPDATE SET generation = generation + 1;
        END;
        CREATE TRIGGER descriptors_removed AFTER DELETE ON descriptors BEGIN
          UPDATE descriptor_generations SET generation = generation + 1 WHERE kind = OLD.kind;
        END;
        CREATE TRIGGER descriptors_changed AFTER UPDATE ON descriptors BEGIN
          INSERT INTO descriptor_generations (kind, generation) VALUES (NEW.kind, 1)
            ON CONFLICT (kind) DO UPDATE SET generation = generation + 1;
          UPDATE descriptor_generations SET generation = generation + 1 WHERE kind = OLD.kind AND OLD.kind <> NEW.kind;
        END;

        -- An index's delta (delta.ts) as last worked out, and at which generation.
        ALTER TABLE ann_indexes ADD COLUMN delta_generation INTEGER;
        ALTER TABLE ann_indexes ADD COLUMN delta_added BLOB;
        ALTER TABLE ann_indexes ADD COLUMN delta_removed BLOB;
      `);
    },
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
