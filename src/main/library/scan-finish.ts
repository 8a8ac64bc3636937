import { DESCRIPTOR_KINDS } from '../artwork/kinds.js';
import { currentLearnedKind, refreshLearnedVectors } from '../index/learned-vectors.js';
import { refreshIndexes } from '../index/refresh.js';
import type { Db } from '../store/db.js';
import type { ScanStore } from '../store/scan-store.js';
import { markCoverPreferenceApplied } from './cover-choice.js';
import { describePending } from './describe-pending.js';
import { faultPoint } from './scan-fault.js';
import type { ScanProgressReporter } from './scan-progress.js';
import type { ArtworkRunner } from './scan-pool.js';

/**
 * After every file is read: covers no track uses any more go (with their
 * descriptors), and the cover preference is marked as applied. Both are
 * worked out from the data, not from what this scan did, so a scan that
 * died before this point leaves nothing the next one misses.
 */
export function settleLibrary(db: Db, store: ScanStore, coverPreference: string): void {
  faultPoint('read');
  store.removeOrphanArtworks();
  markCoverPreferenceApplied(db, coverPreference);
}

/**
 * Describes covers still missing a current descriptor (after a version bump,
 * or a scan without describing), and gives covers added since `sleeve learn`
 * their learned vector.
 */
export async function describeCovers(
  db: Db,
  pool: ArtworkRunner,
  progress: ScanProgressReporter,
  signal: AbortSignal | undefined,
  log: (message: string) => void,
): Promise<void> {
  progress.enter('describing');
  await describePending(db, pool, { signal, log, onProgress: (done, total) => progress.described(done, total) });
  if (!signal?.aborted) refreshLearnedVectors(db);
}

/** Brings the similarity index of every kind (the learned one too, once fitted) up to date. */
export async function refreshSimilarityIndexes(db: Db, indexDir: string, progress: ScanProgressReporter, log: (message: string) => void): Promise<void> {
  progress.enter('indexing');
  faultPoint('indexing');
  const learned = currentLearnedKind(db);
  await refreshIndexes(db, indexDir, log, learned ? [...DESCRIPTOR_KINDS, learned] : DESCRIPTOR_KINDS);
}
