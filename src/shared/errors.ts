/**
 * The one kind of error the core throws for anything a person should read:
 * a code that every front end understands, and a sentence worded for a
 * person, naming no command-line flag or button. Each front end adds its own
 * hint from the code (the CLI: "add --force"; the app: an Overwrite button).
 */
export const ERROR_CODES = [
  /** The request itself is wrong (a bad value, an image that does not decode). */
  'bad_request',
  'unknown_method',
  /** What was named does not exist (an album, a track, a library, a folder). */
  'not_found',
  /** It would overwrite or contradict something (a file exists, a folder overlaps another). */
  'conflict',
  /** Someone else holds it now (a scan running in another process, a locked database); try again later. */
  'busy',
  /** It cannot be done with the library as it is (nothing described yet, no learned kind). */
  'unavailable',
  /** The library is on read-only media or a folder Sleeve may not write. */
  'read_only',
  /** The disk is full: nothing was lost, free some space and go on. */
  'disk_full',
  /** The library database is not a database, or is damaged. */
  'corrupt',
  /** The library was written by a newer version of Sleeve. */
  'newer_version',
  'desktop_only',
  'unauthorized',
  /** A request larger than the bridge accepts. */
  'too_large',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class SleeveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SleeveError';
  }
}

export function isSleeveError(error: unknown): error is SleeveError {
  return error instanceof SleeveError;
}
