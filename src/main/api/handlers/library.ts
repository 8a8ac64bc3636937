import { addRoot, removeRoot, RootError } from '../../library/roots.js';
import { libraryStatus } from '../../store/queries.js';
import type { ApiDeps } from '../deps.js';
import type { HandlerTable } from '../dispatch.js';
import { ApiFailure, badRequest } from '../failure.js';
import { errorsPage, rootsWithTrackCounts } from '../queries.js';

type LibraryHandlers = Pick<
  HandlerTable,
  'library.status' | 'library.roots.list' | 'library.roots.add' | 'library.roots.remove' | 'scan.start' | 'scan.progress' | 'scan.cancel' | 'errors.list'
>;

export function libraryHandlers(deps: ApiDeps): LibraryHandlers {
  const { db, scans } = deps;
  const refuseWhileScanning = (what: string) => {
    if (scans.state().running) throw new ApiFailure('conflict', `A scan is running: cancel it or wait before you ${what}.`);
  };
  return {
    'library.status': () => {
      const status = libraryStatus(db, deps.databasePath);
      return {
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
      try {
        addRoot(db, path);
      } catch (error) {
        if (error instanceof RootError) throw badRequest(`Cannot add this folder: ${error.message}.`);
        throw error;
      }
      return rootsWithTrackCounts(db);
    },
    'library.roots.remove': ({ path }) => {
      refuseWhileScanning('remove a folder');
      try {
        removeRoot(db, path);
      } catch (error) {
        if (error instanceof RootError) throw new ApiFailure('not_found', `Cannot remove this folder: ${error.message}.`);
        throw error;
      }
      return rootsWithTrackCounts(db);
    },
    'scan.start': () => {
      if (rootsWithTrackCounts(db).length === 0) throw badRequest('Add a music folder first: there is nothing to scan.');
      return scans.start();
    },
    'scan.progress': () => scans.state(),
    'scan.cancel': () => scans.cancel(),
    'errors.list': ({ offset, limit }) => errorsPage(db, offset, limit),
  };
}
