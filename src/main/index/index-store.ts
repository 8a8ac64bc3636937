import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/db.js';

/**
 * Index files on disk and their records in `ann_indexes`.
 *
 * A file is written under a temporary name, fsynced, renamed to its final
 * name and the directory fsynced, and only then recorded; a crash at any
 * point leaves either the old record and file or the new ones. The final
 * name carries the start of the file's SHA-256, so a new build never replaces
 * a file another index may still have memory-mapped (Windows refuses that);
 * the files no record points to are removed afterwards.
 */

export const INDEX_EXTENSION = '.usearch';
const TEMP_EXTENSION = '.tmp';
const HASH_CHUNK_BYTES = 1 << 22;
/** Hex digits of the checksum in a file name: plenty to tell builds apart. */
const NAME_HASH_DIGITS = 12;
const KIND_NAME = /^[a-z0-9][a-z0-9_-]*$/i;

export interface IndexRecord {
  readonly kind: string;
  /** File name inside the index directory. */
  readonly file: string;
  readonly count: number;
  readonly dim: number;
  readonly version: number;
  /** SHA-256 of the file, hex. */
  readonly checksum: string;
  /** Milliseconds since the epoch. */
  readonly builtAt: number;
  /** verifiedStamp() of the file when its checksum was last verified, or null. */
  readonly fileSignature: string | null;
  /** How the file stores vectors (vector-index.ts). */
  readonly scalar: string;
  /** The artwork ids the file holds, ascending; null in records older than migration 6. */
  readonly members: Float64Array | null;
}

/**
 * One state of a file, checked against one checksum, told without reading
 * the file: the checksum, then size, inode and the modification and change
 * times in nanoseconds. Any write, truncation or replacement changes the
 * change time, which no user call can set back.
 */
export function verifiedStamp(path: string, checksum: string): string {
  const st = statSync(path, { bigint: true });
  return `${checksum}:${st.size}:${st.ino}:${st.mtimeNs}:${st.ctimeNs}`;
}

/** Kind names become part of file names: only plain names are accepted. */
export function assertKindName(name: string): void {
  if (!KIND_NAME.test(name)) throw new Error(`not a usable descriptor kind name for an index file: ${JSON.stringify(name)}`);
}

export function indexFileName(kind: string, version: number, checksum: string): string {
  return `index-${kind}-v${version}-${checksum.slice(0, NAME_HASH_DIGITS)}${INDEX_EXTENSION}`;
}

/** A name no other writer uses; the pid lets a later build tell abandoned ones. */
export function tempFileName(kind: string): string {
  return `.index-${kind}.${process.pid}.${randomBytes(4).toString('hex')}${TEMP_EXTENSION}`;
}

export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(HASH_CHUNK_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (let read = readSync(fd, chunk); read > 0; read = readSync(fd, chunk)) hash.update(chunk.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable. Windows cannot open a directory: there it is skipped. */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    fsyncSync(fd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EPERM' && code !== 'EISDIR') throw error;
  } finally {
    closeSync(fd);
  }
}

/** Moves a finished temporary file to its final name durably. */
export function publishFile(dir: string, tempName: string, finalName: string): void {
  const tempPath = join(dir, tempName);
  fsyncFile(tempPath);
  renameSync(tempPath, join(dir, finalName));
  fsyncDirectory(dir);
}

export function readRecord(db: Db, kind: string): IndexRecord | undefined {
  const row = db
    .prepare(
      `SELECT kind, file, count, dim, version, checksum, built_at AS builtAt, file_signature AS fileSignature, scalar, members
         FROM ann_indexes WHERE kind = ?`,
    )
    .get(kind) as (Omit<IndexRecord, 'members'> & { members: Uint8Array | null }) | undefined;
  if (!row) return undefined;
  return { ...row, members: row.members ? idsFromBytes(row.members) : null };
}

/** Ids as stored in `members`: float64 little-endian, the byte order of every platform Sleeve runs on. */
function idsFromBytes(bytes: Uint8Array): Float64Array {
  const ids = new Float64Array(Math.floor(bytes.byteLength / Float64Array.BYTES_PER_ELEMENT));
  new Uint8Array(ids.buffer).set(bytes.subarray(0, ids.byteLength));
  return ids;
}

/** A file's delta as last worked out (cover-index.ts), with the descriptor generation it was worked out at. */
export interface SavedDelta {
  readonly generation: number;
  readonly added: Float64Array;
  readonly removed: Float64Array;
}

/** The delta saved for the recorded file whose checksum is given, if any. */
export function readSavedDelta(db: Db, kind: string, checksum: string): SavedDelta | undefined {
  const row = db
    .prepare('SELECT delta_generation AS generation, delta_added AS added, delta_removed AS removed FROM ann_indexes WHERE kind = ? AND checksum = ?')
    .get(kind, checksum) as { generation: number | null; added: Uint8Array | null; removed: Uint8Array | null } | undefined;
  if (!row || row.generation === null || !row.added || !row.removed) return undefined;
  return { generation: row.generation, added: idsFromBytes(row.added), removed: idsFromBytes(row.removed) };
}

/** Saves a file's delta; nothing when the file recorded is no longer the one with this checksum. */
export function saveDelta(db: Db, kind: string, checksum: string, delta: SavedDelta): void {
  db.prepare('UPDATE ann_indexes SET delta_generation = ?, delta_added = ?, delta_removed = ? WHERE kind = ? AND checksum = ?').run(
    delta.generation,
    idBytes(delta.added),
    idBytes(delta.removed),
    kind,
    checksum,
  );
}

function idBytes(ids: Float64Array): Buffer {
  return Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
}

/** Notes that the recorded file, in its present state, has been checked against its checksum. */
export function recordVerified(db: Db, kind: string, stamp: string): void {
  db.prepare('UPDATE ann_indexes SET file_signature = ? WHERE kind = ?').run(stamp, kind);
}

export function writeRecord(db: Db, record: IndexRecord): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO ann_indexes (kind, file, count, dim, version, checksum, built_at, file_signature, scalar, members)
       VALUES (@kind, @file, @count, @dim, @version, @checksum, @builtAt, @fileSignature, @scalar, @members)
       ON CONFLICT(kind) DO UPDATE SET file = excluded.file, count = excluded.count, dim = excluded.dim,
         version = excluded.version, checksum = excluded.checksum, built_at = excluded.built_at,
         file_signature = excluded.file_signature, scalar = excluded.scalar, members = excluded.members,
         delta_generation = NULL, delta_added = NULL, delta_removed = NULL`,
    ).run({ ...record, members: record.members ? idBytes(record.members) : null });
  })();
}

/**
 * Removes this kind's index files other than `keep`, and temporary files
 * whose writer is gone. A file that cannot be removed now (mapped by a
 * running index on Windows) is left for the next build.
 */
export function removeLeftovers(dir: string, kind: string, keep: string): void {
  // Kind names hold only [A-Za-z0-9_-] (assertKindName): safe inside a pattern.
  const indexFile = new RegExp(`^index-${kind}-v\\d+-[0-9a-f]{${NAME_HASH_DIGITS}}\\${INDEX_EXTENSION}$`);
  const tempFile = new RegExp(`^\\.index-${kind}\\.(\\d+)\\.[0-9a-f]+\\${TEMP_EXTENSION}$`);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const writer = tempFile.exec(name);
    const stale = (indexFile.test(name) && name !== keep) || (writer !== null && !isRunning(Number(writer[1])));
    if (!stale) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch {
      // Still in use: the next build tries again.
    }
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
