import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';

export type Db = Database.Database;

export class NewerDatabaseError extends Error {
  constructor(path: string, found: number) {
    super(
      `The library database ${path} was written by a newer version of Sleeve (schema ${found}; ` +
        `this version knows up to ${SCHEMA_VERSION}). Update Sleeve, or use another database with --db.`,
    );
    this.name = 'NewerDatabaseError';
  }
}

/** Queries slower than this are reported on stderr (SLEEVE_SLOW_MS overrides). */
const SLOW_QUERY_MS = Number(process.env.SLEEVE_SLOW_MS ?? 250);

export interface OpenOptions {
  readonly readonly?: boolean;
}

/** Opens (creating if needed) a library database: WAL, foreign keys, migrated. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, path);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
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
