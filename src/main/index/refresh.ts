import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import type { Db } from '../store/db.js';
import { ensureIndex, type Log } from './cover-index.js';
import type { IndexedKind } from './vectors.js';

/**
 * After a scan: brings every descriptor kind's index up to date, rebuilding
 * (with a message through log) those whose covers or version changed.
 */
export function refreshIndexes(db: Db, dir: string, log?: Log, kinds: readonly IndexedKind[] = DESCRIPTOR_KINDS): void {
  for (const kind of kinds) ensureIndex(db, dir, kind, log);
}
