/** The cover atlas's tables (migration 7): one map per descriptor mix and its points. */
import type { Db } from './db.js';

export interface AtlasKindRecord {
  readonly name: string;
  readonly version: number;
  readonly dim: number;
  readonly weight: number;
}

export interface AtlasMapRecord {
  readonly id: number;
  readonly mix: string;
  readonly kinds: readonly AtlasKindRecord[];
  /** The layout settings, seed included, as the layout took them. */
  readonly settings: Record<string, number>;
  readonly separation: number;
  /** Albums placed by the last full layout. */
  readonly laidOutCount: number;
  readonly laidOutAt: number;
  readonly updatedAt: number;
}

export interface AtlasPointRecord {
  readonly albumId: number;
  readonly artworkId: number;
  readonly x: number;
  readonly y: number;
  readonly placed: 'layout' | 'neighbours';
}

interface MapRow {
  id: number;
  mix: string;
  kinds: string;
  settings: string;
  separation: number;
  laid_out_count: number;
  laid_out_at: number;
  updated_at: number;
}

export function loadAtlasMap(db: Db, mix: string): AtlasMapRecord | null {
  const row = db.prepare('SELECT * FROM atlas_maps WHERE mix = ?').get(mix) as MapRow | undefined;
  if (!row) return null;
  return {
    id: row.id,
    mix: row.mix,
    kinds: JSON.parse(row.kinds) as AtlasKindRecord[],
    settings: JSON.parse(row.settings) as Record<string, number>,
    separation: row.separation,
    laidOutCount: row.laid_out_count,
    laidOutAt: row.laid_out_at,
    updatedAt: row.updated_at,
  };
}

/** The map's points in album id order. */
export function loadAtlasPoints(db: Db, mapId: number): AtlasPointRecord[] {
  return db
    .prepare('SELECT album_id AS albumId, artwork_id AS artworkId, x, y, placed FROM atlas_points WHERE map_id = ? ORDER BY album_id')
    .all(mapId) as AtlasPointRecord[];
}

/** Replaces the map of a mix and all of its points, in one transaction (a full layout). */
export function saveFullAtlas(
  db: Db,
  map: { mix: string; kinds: readonly AtlasKindRecord[]; settings: object; separation: number },
  points: readonly AtlasPointRecord[],
): number {
  return db.transaction(() => {
    const now = Date.now();
    db.prepare('DELETE FROM atlas_maps WHERE mix = ?').run(map.mix);
    const id = Number(
      db
        .prepare(
          `INSERT INTO atlas_maps (mix, kinds, settings, separation, laid_out_count, laid_out_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(map.mix, JSON.stringify(map.kinds), JSON.stringify(map.settings), map.separation, points.length, now, now).lastInsertRowid,
    );
    insertPoints(db, id, points);
    return id;
  })();
}

/**
 * An incremental update, in one transaction: points of albums gone (or whose
 * cover changed) are removed, new points added; every other point stays put.
 */
export function updateAtlasPoints(db: Db, mapId: number, removedAlbumIds: readonly number[], added: readonly AtlasPointRecord[]): void {
  db.transaction(() => {
    const remove = db.prepare('DELETE FROM atlas_points WHERE map_id = ? AND album_id = ?');
    for (const albumId of removedAlbumIds) remove.run(mapId, albumId);
    insertPoints(db, mapId, added);
    db.prepare('UPDATE atlas_maps SET updated_at = ? WHERE id = ?').run(Date.now(), mapId);
  })();
}

export function deleteAtlasMaps(db: Db): void {
  db.prepare('DELETE FROM atlas_maps').run();
}

function insertPoints(db: Db, mapId: number, points: readonly AtlasPointRecord[]): void {
  const insert = db.prepare(
    'INSERT INTO atlas_points (map_id, album_id, artwork_id, x, y, placed) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const p of points) insert.run(mapId, p.albumId, p.artworkId, p.x, p.y, p.placed);
}

/** What the map shows of an album: names, year and genre (for overlays), and its cover. */
export interface AtlasAlbumRecord {
  readonly id: number;
  readonly artist: string;
  readonly album: string;
  readonly year: number | null;
  readonly genre: string | null;
  readonly artworkId: number | null;
}

export function loadAtlasAlbums(db: Db): AtlasAlbumRecord[] {
  return db
    .prepare('SELECT id, artist, album, year, genre, artwork_id AS artworkId FROM albums ORDER BY id')
    .all() as AtlasAlbumRecord[];
}

/** The stored thumbnails of these artworks (for the poster). */
export function loadThumbnails(db: Db, artworkIds: readonly number[]): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  const get = db.prepare('SELECT thumbnail FROM artworks WHERE id = ? AND thumbnail IS NOT NULL').pluck();
  for (const id of artworkIds) {
    const bytes = get.get(id) as Buffer | undefined;
    if (bytes) out.set(id, bytes);
  }
  return out;
}

/**
 * A cheap fingerprint of what a map of these kinds is computed from (albums
 * and their covers, the kinds' descriptor rows): when it changes, the map
 * needs an update. Sums rather than hashes: a change that leaves every sum
 * equal is not worth a full read of the vectors to catch.
 */
export function atlasSignature(db: Db, kinds: readonly string[]): string {
  const albums = db.prepare('SELECT count(*) AS n, total(id * 1000003 + artwork_id) AS s FROM albums WHERE artwork_id IS NOT NULL').get() as { n: number; s: number };
  const parts = [`${albums.n}:${albums.s}`];
  const descriptors = db.prepare('SELECT count(*) AS n, total(artwork_id * 31 + version) AS s FROM descriptors WHERE kind = ?');
  for (const kind of kinds) {
    const row = descriptors.get(kind) as { n: number; s: number };
    parts.push(`${kind}=${row.n}:${row.s}`);
  }
  return parts.join('|');
}
