import type { ErrorCode } from '../../shared/errors.js';

/**
 * The exit status for each kind of failure, documented in `sleeve --help`
 * and the README, so scripts can tell "try again later" (busy) from "fix the
 * request" (usage, bad request) from "the disk is full".
 */
export const EXIT_CODES: Readonly<Record<ErrorCode | 'usage' | 'cancelled', number>> = {
  internal: 1,
  usage: 2,
  bad_request: 2,
  unknown_method: 2,
  desktop_only: 2,
  unauthorized: 2,
  too_large: 2,
  newer_version: 3,
  not_found: 4,
  conflict: 5,
  busy: 6,
  unavailable: 7,
  read_only: 8,
  disk_full: 9,
  corrupt: 10,
  cancelled: 130,
};

export const EXIT_CODE_HELP = [
  'Exit status: 0 done; 1 unexpected error (see the log); 2 bad usage or request; 3 library from a newer Sleeve;',
  '4 not found; 5 would overwrite (add --force); 6 busy (another scan runs); 7 not possible yet (scan or learn first);',
  '8 read-only library; 9 disk full; 10 damaged library; 130 cancelled.',
];
