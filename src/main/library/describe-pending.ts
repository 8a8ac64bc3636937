import { promises as fsp } from 'node:fs';
import { createHash } from 'node:crypto';
import { SCAN_KINDS, type KindName } from '../artwork/kinds.js';
import type { Db } from '../store/db.js';
import { ScanStore } from '../store/scan-store.js';
import { sniffPicture } from './picture.js';
import { displayPath } from './raw-path.js';
import { faultPoint } from './scan-fault.js';
import { runWorkers } from './scan-workers.js';
import { readTags } from './tags.js';
import { describeFsError } from './walk.js';
import type { ArtworkRunner } from './scan-pool.js';

export interface PendingArtwork {
  id: number;
  sha256: string;
  source: 'embedded' | 'folder';
  origin_path: Buffer;
  origin_picture: number | null;
  has_thumbnail: number;
}

export interface DescribeOptions {
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
  readonly onProgress?: (done: number, total: number) => void;
  /** Artworks described at once: keeps every pool thread busy. */
  readonly concurrency?: number;
}

const PENDING_COLUMNS = 'a.id, a.sha256, a.source, a.origin_path, a.origin_picture, a.thumbnail IS NOT NULL AS has_thumbnail';
/** Newest artworks looked at beyond the number missing, before the whole table is compared. */
const NEWEST_MARGIN = 64;

/**
 * The artworks that lack a kind at its current version. Comparing every
 * artwork with the kind's descriptors costs 100–130 ms per kind at 100,000
 * covers, on every rescan. Usually none lacks it, or only the covers this
 * scan added, which are the newest (ids only grow: artwork_id_floor,
 * migration 4). The counts say how many lack it (a descriptor row belongs to
 * one existing artwork: the foreign key cascades), so the newest artworks
 * are compared first, and the whole table only when not all are among them.
 */
export function lacking(db: Db, kind: { name: string; version: number }): PendingArtwork[] {
  const artworks = db.prepare('SELECT count(*) FROM artworks').pluck().get() as number;
  const described = db.prepare('SELECT count(*) FROM descriptors WHERE kind = ? AND version = ?').pluck().get(kind.name, kind.version) as number;
  const missing = artworks - described;
  if (missing <= 0) return [];
  const from = db.prepare('SELECT id FROM artworks ORDER BY id DESC LIMIT 1 OFFSET ?').pluck().get(missing + NEWEST_MARGIN - 1) as number | undefined;
  if (from !== undefined) {
    const newest = db
      .prepare(
        `SELECT ${PENDING_COLUMNS} FROM artworks a
         WHERE a.id >= ? AND a.id NOT IN (SELECT artwork_id FROM descriptors WHERE artwork_id >= ? AND +kind = ? AND +version = ?)`,
      )
      .all(from, from, kind.name, kind.version) as PendingArtwork[];
    if (newest.length === missing) return newest;
  }
  return db
    .prepare(`SELECT ${PENDING_COLUMNS} FROM artworks a WHERE a.id NOT IN (SELECT artwork_id FROM descriptors WHERE kind = ? AND version = ?)`)
    .all(kind.name, kind.version) as PendingArtwork[];
}

/** Which kinds each artwork lacks at their current version. */
function findPending(db: Db): Map<number, { artwork: PendingArtwork; kinds: KindName[] }> {
  const pending = new Map<number, { artwork: PendingArtwork; kinds: KindName[] }>();
  for (const kind of SCAN_KINDS) {
    for (const row of lacking(db, kind)) {
      const entry = pending.get(row.id) ?? { artwork: row, kinds: [] };
      entry.kinds.push(kind.name);
      pending.set(row.id, entry);
    }
  }
  return pending;
}

/** The picture's bytes, read again from where it was found; null if it is no longer there. */
export async function readOrigin(artwork: PendingArtwork): Promise<Uint8Array | string> {
  let bytes: Uint8Array;
  try {
    if (artwork.source === 'folder') {
      bytes = await fsp.readFile(artwork.origin_path);
    } else {
      const { tags } = await readTags(artwork.origin_path, displayPath(artwork.origin_path));
      const picture = tags.pictures[artwork.origin_picture ?? 0];
      if (!picture) return 'the picture is no longer in its file';
      bytes = picture.data;
    }
  } catch (error) {
    return error instanceof Error && 'code' in error ? describeFsError(error) : String((error as Error).message ?? error);
  }
  const sniffed = sniffPicture(bytes);
  if (sniffed && sniffed.offset > 0) bytes = bytes.subarray(sniffed.offset);
  const sha = createHash('sha256').update(bytes).digest('hex');
  return sha === artwork.sha256 ? bytes : 'the picture changed in its file since it was scanned';
}

/**
 * Computes every descriptor an artwork lacks at its kind's current version:
 * after a version bump only that kind is recomputed. Pictures are read again
 * from their files (originals are not kept in the database).
 */
export async function describePending(db: Db, pool: ArtworkRunner, options: DescribeOptions = {}): Promise<number> {
  const store = new ScanStore(db);
  const pending = [...findPending(db).values()];
  const total = pending.length;
  let done = 0;
  options.onProgress?.(0, total);
  const concurrency = options.concurrency ?? Math.max(2, pool.threads * 2);
  const describeOne = async ({ artwork, kinds }: { artwork: PendingArtwork; kinds: KindName[] }) => {
    const bytes = await readOrigin(artwork);
    if (typeof bytes === 'string') {
      options.log?.(`cover ${artwork.sha256.slice(0, 12)} (${displayPath(artwork.origin_path)}) not described: ${bytes}`);
    } else {
      const result = await pool.run({ bytes: Uint8Array.from(bytes), kinds, thumbnail: artwork.has_thumbnail === 0 });
      if (result.ok) {
        db.transaction(() => {
          store.storeVectors(artwork.id, result.vectors);
          if (result.thumbnail) store.setThumbnail(artwork.id, result.thumbnail, result.thumbnailFormat);
        })();
        faultPoint('described');
      } else {
        options.log?.(`cover ${artwork.sha256.slice(0, 12)} (${displayPath(artwork.origin_path)}) not described: ${result.reason}`);
      }
    }
    done++;
    options.onProgress?.(done, total);
  };
  await runWorkers(pending, concurrency, describeOne, () => options.signal?.aborted === true);
  return done;
}
