import { SCAN_KINDS, type KindName } from '../artwork/kinds.js';
import { SleeveError } from '../../shared/errors.js';
import type { Db } from '../store/db.js';
import { acquireScanLock } from '../store/scan-lock.js';
import { ScanStore } from '../store/scan-store.js';
import { ArtworkCatalog, CoverChooser, coverPreference } from './cover-choice.js';
import { readInBatches } from './scan-batch.js';
import { OnDemandPool, type ArtworkRunner } from './scan-pool.js';
import { faultPoint } from './scan-fault.js';
import { describeCovers, refreshSimilarityIndexes, settleLibrary } from './scan-finish.js';
import { ScanProgressReporter, type ScanProgress } from './scan-progress.js';
import { planReads, walkRoots } from './scan-walk.js';

export type { ScanProgress } from './scan-progress.js';

export interface ScanSummary {
  tracks: number;
  albums: number;
  artworks: number;
  errors: number;
  seconds: number;
  cancelled: boolean;
  /** Files read this time (new or changed), and the bytes read from them. */
  filesRead: number;
  bytesRead: number;
}

export interface ScanOptions {
  readonly roots: readonly string[];
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ScanProgress) => void;
  /** Compute descriptors for new covers (default true). */
  readonly describe?: boolean;
  /** Rebuilds the similarity indexes here after describing (omit to skip). */
  readonly indexDir?: string;
  readonly log?: (message: string) => void;
  /** A pool to reuse; otherwise one is made for the scan when a picture is to be decoded, and closed after. */
  readonly pool?: ArtworkRunner;
  readonly threads?: number;
}

/**
 * Scans music folders into the library: walks, skips files unchanged since
 * the last scan, reads tags and pictures from headers, stores each distinct
 * picture once (validated, thumbnailed and described in the worker pool),
 * groups albums, and removes what disappeared. Every problem with a file is
 * recorded against its path and the scan goes on.
 *
 * One scan at a time per library, across processes (store/scan-lock.ts): a
 * second one throws SleeveError('busy'). Killed at any moment, the next scan
 * ends with the library one uninterrupted scan gives (test/library/scan-crash.test.ts).
 * A full disk stops it with SleeveError('disk_full'), the library intact.
 */
export async function scanLibrary(db: Db, options: ScanOptions): Promise<ScanSummary> {
  const lock = acquireScanLock(db);
  const ownPool = options.pool ? null : new OnDemandPool(options.threads);
  try {
    return await runScan(db, options, options.pool ?? (ownPool as OnDemandPool));
  } catch (error) {
    throw diskFullOr(error);
  } finally {
    if (ownPool) await ownPool.close();
    lock.release();
  }
}

async function runScan(db: Db, options: ScanOptions, pool: ArtworkRunner): Promise<ScanSummary> {
  const started = performance.now();
  const store = new ScanStore(db);
  const describe = options.describe ?? true;
  const log = options.log ?? (() => {});
  const cancelled = () => options.signal?.aborted === true;
  const progress = new ScanProgressReporter(options.onProgress);
  const preference = coverPreference(db);

  progress.report(true);
  const walked = await walkRoots(store, options.roots, log);
  const toRead = planReads(store, walked, preference.changed, log);
  progress.setCounts(store.counts());
  progress.planned(walked.reduce((n, w) => n + w.walk.files.length, 0), toRead.length);
  faultPoint('planned');

  progress.enter('reading');
  const kinds: KindName[] = describe ? SCAN_KINDS.map((k) => k.name) : [];
  const catalog = new ArtworkCatalog(store, pool, kinds, () => progress.coverAdded());
  const read = await readInBatches(store, toRead, new CoverChooser(catalog, preference.preferFolder), progress, cancelled);
  if (!cancelled()) settleLibrary(db, store, preference.value);
  progress.setCounts(store.counts());

  if (describe && !cancelled()) await describeCovers(db, pool, progress, options.signal, log);
  if (options.indexDir && describe && !cancelled()) await refreshSimilarityIndexes(db, options.indexDir, progress, log);

  const counts = store.counts();
  progress.done(counts);
  return { ...counts, seconds: (performance.now() - started) / 1000, cancelled: cancelled(), ...read };
}

/**
 * A full disk, whether SQLite or a file write met it, as one sentence; the
 * transaction it interrupted was rolled back and every earlier batch is kept.
 */
function diskFullOr(error: unknown): unknown {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || /no space left on device|database or disk is full/i.test(message)) {
    return new SleeveError(
      'disk_full',
      'The disk holding the library is full, so the scan stopped; what it had read is kept, and the next scan goes on once there is space.',
      { cause: error },
    );
  }
  return error;
}
