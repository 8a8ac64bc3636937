import Database from 'better-sqlite3';
import { accessSync, constants, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { SleeveError } from '../../shared/errors.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export class NewerDatabaseError extends SleeveError {
  constructor(path: string, found: number) {
    super(
      'newer_version',
      `The library ${path} was written by a newer version of Sleeve (schema ${found}; this version knows up to ${SCHEMA_VERSION}): update Sleeve to open it.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Queries slower than this are reported on stderr (SLEEVE_SLOW_MS overrides). */
const SLOW_QUERY_MS = Number(process.env.SLEEVE_SLOW_MS ?? 250);
/** How long a statement waits for a lock another connection holds before it is "busy". */
const BUSY_TIMEOUT_MS = 5000;
/** Bytes 18 and 19 of the database header: file format versions, 2 in WAL mode, 1 in rollback mode. */
const HEADER_FORMAT_VERSIONS = [18, 19] as const;
const ROLLBACK_FORMAT = 1;

export interface OpenOptions {
  /**
   * Read mode, for commands that only look: the library must already exist
   * (it is never created), it is opened read-only and never switched to WAL,
   * and it can be read from read-only media.
   */
  readonly readonly?: boolean;
  /** How long to wait for another connection's lock (default 5 s). */
  readonly busyTimeoutMs?: number;
}

/**
 * Opens a library database. Write mode creates it if needed, switches it to
 * WAL and migrates it. Every failure a person can act on (not a database,
 * damaged, a folder, read-only media, a full disk, busy, missing, newer) is
 * thrown as a SleeveError with one sentence naming the path.
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  try {
    return options.readonly ? openForReading(path, options) : openForWriting(path, options);
  } catch (error) {
    throw asLibraryError(error, path) ?? error;
  }
}

function openForWriting(path: string, options: OpenOptions): Db {
  if (path !== ':memory:') {
    refuseFolder(path);
    mkdirSync(dirname(path), { recursive: true });
    if (!writable(path)) throw readOnly(path);
  }
  return configured(new Database(path, { timeout: busyTimeout(options) }), (db) => {
    schemaVersion(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db, path);
  });
}

function openForReading(path: string, options: OpenOptions): Db {
  if (path === ':memory:') return openForWriting(path, options);
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw noLibrary(path);
    throw error;
  }
  refuseFolder(path);
  if (size === 0) throw noLibrary(path);
  const db = openReadOnly(path, options);
  try {
    const version = schemaVersion(db, path);
    if (version === SCHEMA_VERSION) return db;
    // An older library is upgraded once, where it can be written, then read as usual.
    db.close();
    if (!writable(path)) {
      throw new SleeveError(
        'read_only',
        `The library ${path} was made by an older version of Sleeve and must be upgraded before it can be read, but it is on read-only media or in a folder Sleeve may not write.`,
      );
    }
    openForWriting(path, options).close();
    return openReadOnly(path, options);
  } catch (error) {
    if (db.open) db.close();
    throw error;
  }
}

/**
 * A read-only connection. A WAL database whose -shm file is gone cannot be
 * opened read-only where that file cannot be created (SQLite, "WAL mode on
 * read-only media"), and this build of SQLite takes no `immutable` URI: on
 * such media the file is read into memory and opened from there.
 */
function openReadOnly(path: string, options: OpenOptions): Db {
  let db: Db | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true, timeout: busyTimeout(options) });
    db.pragma('user_version', { simple: true });
  } catch (error) {
    db?.close();
    if (baseCode(error) !== 'SQLITE_CANTOPEN' || writable(path)) throw error;
    const bytes = readFileSync(path);
    for (const at of HEADER_FORMAT_VERSIONS) bytes[at] = ROLLBACK_FORMAT;
    db = new Database(bytes, { readonly: true });
  }
  return configured(db, () => {});
}

const busyTimeout = (options: OpenOptions) => options.busyTimeoutMs ?? BUSY_TIMEOUT_MS;

/** Turns foreign keys on and runs `then`; closes the connection when either fails. */
function configured(db: Db, then: (db: Db) => void): Db {
  try {
    db.pragma('foreign_keys = ON');
    then(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The library's schema version; refuses newer libraries and databases of other programs. */
function schemaVersion(db: Db, path: string): number {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new NewerDatabaseError(path, version);
  // Reading the schema now finds a damaged first page at opening, not at the first query.
  const tables = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get() as number;
  if (version === 0) {
    if (tables > 0) throw new SleeveError('bad_request', `${path} is a database of another program, not a Sleeve library.`);
    if (db.readonly) throw noLibrary(path);
  }
  return version;
}

export function migrate(db: Db, path = 'database'): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new NewerDatabaseError(path, current);
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

function refuseFolder(path: string): void {
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    return;
  }
  if (isFolder) throw folder(path);
}

/** Whether the library file (or, before it exists, its folder) and its folder can be written (WAL needs both). */
function writable(path: string): boolean {
  try {
    accessSync(dirname(path), constants.W_OK);
    accessSync(path, constants.W_OK);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

type Cause = { cause?: unknown };

const noLibrary = (path: string, cause?: Cause) =>
  new SleeveError('not_found', `There is no library at ${path} yet: scan a music folder first.`, cause);

const readOnly = (path: string, cause?: Cause) =>
  new SleeveError('read_only', `The library ${path} is on read-only media or in a folder Sleeve may not write: it can be read, not changed.`, cause);

const folder = (path: string, cause?: Cause) => new SleeveError('bad_request', `${path} is a folder, not a library database file.`, cause);

/** SQLITE_IOERR_WRITE → SQLITE_IOERR; other codes as they are. */
function baseCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1') : undefined;
}

/**
 * Any failure of opening or using the library at `path`, as the SleeveError a
 * person reads (one sentence, no stack): SQLite's result codes and Node's
 * file-system errors. Null for anything else (a bug: log its stack). A
 * SleeveError is returned as it is.
 */
export function asLibraryError(error: unknown, path: string): SleeveError | null {
  if (error instanceof SleeveError) return error;
  const cause = { cause: error };
  switch (baseCode(error)) {
    case 'SQLITE_NOTADB':
      return new SleeveError('corrupt', `${path} is not a Sleeve library (it is not a database at all): move it aside, or use another library file.`, cause);
    case 'SQLITE_CORRUPT':
      return new SleeveError(
        'corrupt',
        `The library ${path} is damaged (SQLite finds it corrupt): move it aside and scan your music folders again to rebuild it; your music files are untouched.`,
        cause,
      );
    case 'SQLITE_FULL':
    case 'ENOSPC':
    case 'EDQUOT':
      return new SleeveError('disk_full', `The disk holding the library ${path} is full: nothing was lost; free some space and try again.`, cause);
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return new SleeveError('busy', `The library ${path} is in use by another program (another Sleeve, or a scan): try again in a moment.`, cause);
    case 'SQLITE_READONLY':
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return readOnly(path, cause);
    case 'EISDIR':
      return folder(path, cause);
    case 'ENOTDIR':
    case 'EEXIST':
      return new SleeveError('bad_request', `The library ${path} cannot be made there: part of its folder path is a file.`, cause);
    case 'ENOENT':
      return noLibrary(path, cause);
    case 'SQLITE_IOERR':
    case 'EIO':
      return new SleeveError('unavailable', `The library ${path} could not be read or written (a disk error): check the disk and try again.`, cause);
    case 'SQLITE_CANTOPEN':
      return new SleeveError(
        writable(path) ? 'unavailable' : 'read_only',
        `The library ${path} cannot be opened: check that its folder exists and that Sleeve may read and write it.`,
        cause,
      );
    default:
      return null;
  }
}

/** Runs fn and reports it on stderr when it takes longer than SLOW_QUERY_MS. */
export function timed<T>(label: string, fn: () => T): T {
  const start = performance.now();
  try {
    return fn();
  } finally {
    const ms = performance.now() - start;
    if (ms > SLOW_QUERY_MS) process.stderr.write(`sleeve: slow query ${label}: ${ms.toFixed(0)} ms\n`);
  }
}

export function getSetting(db: Db, key: string): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value;
}

export function setSetting(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}
