import { appendFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const LOG_NAME = 'sleeve-errors.log';

/**
 * Keeps an unexpected error's stack for a bug report, so the person sees one
 * line and where the details are: beside the library, else in the system's
 * temporary folder (the library's folder may be read-only or full). Returns
 * the log's path, or null when neither could be written.
 */
export function logUnexpectedError(databasePath: string, error: unknown, context: string): string | null {
  const entry = `${new Date().toISOString()} ${context}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`;
  for (const folder of [dirname(databasePath), tmpdir()]) {
    const path = join(folder, LOG_NAME);
    try {
      mkdirSync(folder, { recursive: true });
      appendFileSync(path, entry);
      return path;
    } catch {
      // The next folder, then none: the one-line message is still shown.
    }
  }
  return null;
}
