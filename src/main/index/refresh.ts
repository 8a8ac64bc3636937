import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import type { Db } from '../store/db.js';
import { buildInWorker, type KindProgress } from './background-build.js';
import { ensureIndex, rebuildReason, rebuiltMessage, type Log } from './cover-index.js';
import type { IndexedKind } from './vectors.js';

/**
 * After a scan: brings every descriptor kind's index up to date. Covers
 * added or removed need no work here (the index reads its delta from SQLite
 * when opened); a file is rebuilt, with a message through log, only when it
 * is missing, damaged, of an older descriptor version, or its delta has grown
 * too large. Rebuilds run in worker threads, one per kind, in parallel.
 */
export async function refreshIndexes(
  db: Db,
  dir: string,
  log?: Log,
  kinds: readonly IndexedKind[] = DESCRIPTOR_KINDS,
  onProgress?: KindProgress,
): Promise<void> {
  if (db.memory) {
    for (const kind of kinds) ensureIndex(db, dir, kind, log);
    return;
  }
  const due = kinds.flatMap((kind) => {
    const reason = rebuildReason(db, dir, kind);
    return reason === undefined ? [] : [{ kind, reason }];
  });
  const builds = await Promise.allSettled(
    due.map(async ({ kind, reason }) => {
      const count = await buildInWorker(db.name, dir, kind, log, onProgress);
      log?.(rebuiltMessage(kind, reason, count));
    }),
  );
  const failed = builds.find((build) => build.status === 'rejected');
  if (failed) throw failed.reason;
}
