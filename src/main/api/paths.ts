import { isAbsolute, normalize } from 'node:path';
import { SleeveError } from '../../shared/errors.js';

/**
 * A path from a request, checked for the platform the core runs on: absolute
 * as this platform means it (C:\x is absolute on Windows only; on Linux it
 * would land in the service's working folder), without a NUL, normalised.
 * `what` names the path in the message ("the music folder").
 */
export function checkAbsolutePath(path: string, what: string): string {
  if (path.includes('\0')) throw new SleeveError('bad_request', `The path of ${what} contains a NUL character.`);
  if (!isAbsolute(path)) {
    throw new SleeveError('bad_request', `The path of ${what} must be absolute on this computer (got "${path.slice(0, 200)}").`);
  }
  return normalize(path);
}
