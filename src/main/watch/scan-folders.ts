/**
 * Scans only some folders of the library. The library's scan (library/scan.ts)
 * visits whole music folders; here each folder to visit is lent its tracks
 * under a temporary root (store/watch-store.ts) and scanned as a root, so the
 * scan compares it with exactly the tracks below it: unchanged files are
 * skipped, new and changed ones read, deleted ones forgotten. The tracks
 * are given back to their music folder afterwards, also when the scan fails;
 * a watcher stopped in between gives them back when it starts again.
 * Folders are lent only while no scan runs: a scan of the whole music folder
 * would not count lent tracks as its own.
 */
import { SleeveError } from '../../shared/errors.js';
import { scanLibrary, type ScanOptions, type ScanSummary } from '../library/scan.js';
import type { Db } from '../store/db.js';
import { scanLockHolder } from '../store/scan-lock.js';
import { lendFolder, lentFolders, returnFolder } from '../store/watch-store.js';
import type { RescanPlan } from './plan.js';

export type FolderScanOptions = Omit<ScanOptions, 'roots'>;

export async function scanPlan(db: Db, plan: RescanPlan, options: FolderScanOptions): Promise<ScanSummary | null> {
  if (plan.roots.length === 0 && plan.folders.length === 0) return null;
  if (scanLockHolder(db)) throw new SleeveError('busy', 'The library is being scanned already; the changed folders will be scanned after it.');
  for (const { rootPath, folder } of plan.folders) lendFolder(db, rootPath, folder);
  try {
    return await scanLibrary(db, { ...options, roots: [...plan.roots, ...plan.folders.map((f) => f.folder)] });
  } finally {
    for (const { rootPath, folder } of plan.folders) returnFolder(db, rootPath, folder);
  }
}

/** Gives back folders lent by a scan that never finished (the process stopped). */
export function returnLentFolders(db: Db): number {
  const lent = lentFolders(db);
  for (const { rootPath, folder } of lent) returnFolder(db, rootPath, folder);
  return lent.length;
}
