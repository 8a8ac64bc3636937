import type { AlbumSummary, Root, ScanErrorEntry } from '../../shared/api-entities.js';
import type { Db } from './db.js';

/**
 * Read-only queries the UI needs beyond store/queries.ts: small, paged and
 * shaped for the contract.
 */

export function rootsWithTrackCounts(db: Db): Root[] {
  return db
    .prepare(
      `SELECT r.path, count(t.id) AS tracks
         FROM roots r LEFT JOIN tracks t ON t.root_id = r.id
        GROUP BY r.id ORDER BY r.path`,
    )
    .all() as Root[];
}

export function errorsPage(db: Db, offset: number, limit: number): { total: number; items: ScanErrorEntry[] } {
  const total = db.prepare('SELECT count(*) FROM errors').pluck().get() as number;
  const items = db
    .prepare('SELECT id, path, reason, at FROM errors ORDER BY path, id LIMIT ? OFFSET ?')
    .all(limit, offset) as ScanErrorEntry[];
  return { total, items };
}

/** The file a picture was read from (the track itself for an embedded one). */
export function artworkOrigin(db: Db, artworkId: number): string | null {
  const raw = db.prepare('SELECT origin_path FROM artworks WHERE id = ?').pluck().get(artworkId) as Buffer | string | undefined;
  if (raw === undefined) return null;
  return typeof raw === 'string' ? raw : raw.toString('utf8');
}

/** Rows per statement of `IN (...)`, below SQLite's default variable limit. */
const IN_CHUNK = 500;

function inChunks<T>(ids: readonly number[], query: (chunk: readonly number[], marks: string) => T[]): T[] {
  const rows: T[] = [];
  for (let start = 0; start < ids.length; start += IN_CHUNK) {
    const chunk = ids.slice(start, start + IN_CHUNK);
    rows.push(...query(chunk, chunk.map(() => '?').join(',')));
  }
  return rows;
}

/** Albums by id, in the order asked (ids not in the library are left out). */
export function albumSummaries(db: Db, ids: readonly number[]): AlbumSummary[] {
  const rows = inChunks(
    ids,
    (chunk, marks) =>
      db
        .prepare(`SELECT id, artist, album, year, artwork_id AS artworkId FROM albums WHERE id IN (${marks})`)
        .all(...chunk) as AlbumSummary[],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export interface ExportTrack {
  readonly id: number;
  readonly path: string;
  readonly title: string;
  readonly artist: string;
  readonly album: string;
  readonly duration: number | null;
}

/** Tracks by id for a playlist file, keyed by id (the track's artist, else its album's). */
export function tracksForExport(db: Db, ids: readonly number[]): Map<number, ExportTrack> {
  const rows = inChunks(
    [...new Set(ids)],
    (chunk, marks) =>
      db
        .prepare(
          `SELECT t.id, t.path, t.title, COALESCE(NULLIF(t.artist, ''), a.artist, '') AS artist,
                  COALESCE(a.album, t.album, '') AS album, t.duration
             FROM tracks t LEFT JOIN albums a ON a.id = t.album_id
            WHERE t.id IN (${marks})`,
        )
        .all(...chunk) as ExportTrack[],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Whether the learned kind has been fitted to this library (it is then offered in mixes). */
export function hasLearnedModel(db: Db): boolean {
  return db.prepare('SELECT 1 FROM learned_models LIMIT 1').pluck().get() !== undefined;
}

/** Covers of the library, and how many have a current vector of one kind. */
export function kindCoverage(db: Db, kind: string, version: number): { described: number; covers: number } {
  return db
    .prepare(
      `SELECT (SELECT count(*) FROM artworks) AS covers,
              (SELECT count(*) FROM descriptors d JOIN artworks a ON a.id = d.artwork_id WHERE d.kind = ? AND d.version = ?) AS described`,
    )
    .get(kind, version) as { covers: number; described: number };
}
