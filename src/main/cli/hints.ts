import type { ApiMethod } from '../../shared/api.js';
import type { ErrorCode } from '../../shared/errors.js';

/**
 * What the command line adds to a service error: the command or flag that
 * helps. The core's messages name none (the app offers buttons instead).
 */
export function cliHint(method: ApiMethod | undefined, code: ErrorCode, message: string): string | null {
  if (code === 'conflict' && method === 'playlists.export') return 'add --force to replace it';
  if (code === 'not_found' && /no library at/i.test(message)) return 'run `sleeve scan FOLDER` first, or give the library with --db';
  if (code === 'unavailable' && /learned kind/i.test(message)) return 'run `sleeve learn --label genre`';
  if (code === 'unavailable' && /(scan|descriptor|empty)/i.test(message)) return 'run `sleeve scan FOLDER`';
  if (code === 'busy') return 'wait for the other scan to finish (`sleeve status` shows it)';
  if (code === 'read_only') return 'copy the library somewhere writable and use --db, or scan into another library';
  if (code === 'newer_version') return 'update Sleeve, or use another library with --db';
  return null;
}
