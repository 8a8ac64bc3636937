import type { ApiErrorBody } from '../../shared/api.js';
import { SleeveError } from '../../shared/errors.js';
import { asLibraryError } from '../store/db.js';

/**
 * The answer for a failure: a SleeveError as it is; a full disk, read-only
 * media, a busy or damaged library said in one sentence naming the library;
 * null for anything else, which is unexpected (the caller logs its stack).
 */
export function errorBody(error: unknown, databasePath: string): ApiErrorBody | null {
  const known = error instanceof SleeveError ? error : asLibraryError(error, databasePath);
  return known ? { code: known.code, message: known.message } : null;
}
