import { SleeveError } from '../../../shared/errors.js';
import { addRoot, removeRoot } from '../../library/roots.js';
import { errorsPage, rootsWithTrackCounts } from '../../store/api-queries.js';
import { libraryStatus } from '../../store/queries.js';
import { scanLockHolder } from '../../store/scan-lock.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';

type LibraryHandlers = Pick<
  HandlerTable,
  'library.status' | 'library.roots.list' | 'library.roots.add' | 'library.roots.remove' | 'scan.start' | 'scan.progress' | 'scan.cancel' | 'errors.list'
>;

export function libraryHandlers(deps: ApiDeps): LibraryHandlers {
  const { db, scans } = deps;
  const refuseWhileScanning = (what: string) => {
    if (scans.state().running) throw new SleeveError('conflict', `A scan is running: cancel it or wait before you ${what}.`);
  };
  /** A scan of this library in another process (the command line, another window). */
  const scanElsewhere = () => {
    // While this service scans, the lock is its own scan's (held on the scan's thread).
    if (scans.state().running) return null;
    const holder = scanLockHolder(db);
    return holder && !holder.thisProcess ? { pid: holder.pid, host: holder.hostname, since: holder.startedAt } : null;
  };
  return {
    'library.status': () => {
      const status = libraryStatus(db, deps.databasePath);
      return {
        databasePath: deps.databasePath,
        rootPaths: status.roots,
        descriptors: status.descriptors,
        scanningElsewhere: scanElsewhere(),
        refining: deps.refining(),
        roots: status.roots.length,
        tracks: status.tracks,
        albums: status.albums,
        artworks: status.artworks,
        errors: status.errors,
        lastScan: status.lastScan === null ? null : Date.parse(status.lastScan),
        scanning: scans.state().running,
      };
    },
    'library.roots.list': () => rootsWithTrackCounts(db),
    'library.roots.add': ({ path }) => {
      addRoot(db, path);
      return rootsWithTrackCounts(db);
    },
    'library.roots.remove': ({ path }) => {
      refuseWhileScanning('remove a folder');
      removeRoot(db, path);
      return rootsWithTrackCounts(db);
    },
    'scan.start': ({ roots, describe }) => {
      // In one transaction: a typo among the folders adds none of them.
      db.transaction(() => (roots ?? []).forEach((path) => addRoot(db, path)))();
      if (rootsWithTrackCounts(db).length === 0) throw new SleeveError('bad_request', 'Add a music folder first: there is nothing to scan.');
      const elsewhere = scanElsewhere();
      if (elsewhere) {
        throw new SleeveError(
          'busy',
          `A scan of this library is already running (process ${elsewhere.pid} on ${elsewhere.host}, started ${new Date(elsewhere.since).toLocaleString()}); ` +
            'try again when it has finished.',
        );
      }
      return scans.start({ describe });
    },
    'scan.progress': () => scans.state(),
    'scan.cancel': () => {
      deps.neural.cancel();
      return scans.cancel();
    },
    'errors.list': ({ offset, limit }) => errorsPage(db, offset, limit),
  };
}
