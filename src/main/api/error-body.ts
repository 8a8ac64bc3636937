import type { ApiErrorBody } from '../../shared/api.js';
import { SleeveError } from '../../shared/errors.js';

/** SQLite result codes that mean something a person can act on (better-sqlite3 puts them in `code`). */
const SQLITE_CODES: Readonly<Record<string, Pick<ApiErrorBody, 'code' | 'message'>>> = {
  SQLITE_FULL: { code: 'disk_full', message: 'The disk holding the library is full: nothing was lost; free some space and try again.' },
  SQLITE_READONLY: { code: 'read_only', message: 'The library is on read-only media or in a folder Sleeve may not write: it can be read, not changed.' },
  SQLITE_BUSY: { code: 'busy', message: 'The library is busy in another program: try again in a moment.' },
  SQLITE_LOCKED: { code: 'busy', message: 'The library is busy in another program: try again in a moment.' },
  SQLITE_CORRUPT: { code: 'corrupt', message: 'The library database is damaged: restore it from a backup, or move it aside and scan again.' },
  SQLITE_NOTADB: { code: 'corrupt', message: 'The library file is not a Sleeve database: move it aside and scan again.' },
};

/**
 * The answer for a failure: a SleeveError as it is; a full disk, read-only
 * media, a busy or damaged database said in one sentence; anything else is
 * unexpected, answered as `internal` (the caller logs its stack).
 */
export function errorBody(error: unknown): ApiErrorBody | null {
  if (error instanceof SleeveError) return { code: error.code, message: error.message };
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') return null;
  const base = code.startsWith('SQLITE_') ? code.replace(/^(SQLITE_[A-Z]+).*$/, '$1') : code;
  if (SQLITE_CODES[base]) return SQLITE_CODES[base];
  if (code === 'ENOSPC' || code === 'EDQUOT') return SQLITE_CODES.SQLITE_FULL;
  if (code === 'EROFS') return SQLITE_CODES.SQLITE_READONLY;
  return null;
}
