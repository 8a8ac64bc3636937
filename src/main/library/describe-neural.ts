/**
 * Background describing for the neural kind. A scan stores covers and their
 * fast kinds and is done; this job then finds the covers lacking a current
 * neural vector, reads their pictures again, describes them in batches in
 * the neural pool, and writes each batch's vectors in one small
 * transaction. It is incremental and resumable by construction: what is
 * stored is never looked for again, so after a cancel or a kill -9 the next
 * run continues with what is missing. Finally the neural index (and the
 * learned kind, when it was fitted on neural vectors) is brought up to date.
 */

import { NEURAL_KIND } from '../artwork/kinds.js';
import type { NeuralPool, NeuralResult } from '../artwork/neural-pool.js';
import { currentLearnedKind, loadLearnedModel, refreshLearnedVectors } from '../index/learned-vectors.js';
import { refreshIndexes } from '../index/refresh.js';
import type { Db } from '../store/db.js';
import { ScanStore } from '../store/scan-store.js';
import { readOrigin, type PendingArtwork } from './describe-pending.js';
import { displayPath } from './raw-path.js';
import { faultPoint } from './scan-fault.js';

/** Covers per run of the network and per write transaction: a kill loses at most this much work per thread. */
export const NEURAL_BATCH = 8;

export interface NeuralProgress {
  /** Covers described (or found unusable) in this run. */
  readonly done: number;
  /** Covers that lacked a current neural vector when this run started. */
  readonly total: number;
  /** Covers of the library with a current neural vector now. */
  readonly described: number;
  /** Covers in the library. */
  readonly covers: number;
}

export interface NeuralDescribeOptions {
  readonly signal?: AbortSignal;
  readonly log?: (message: string) => void;
  readonly onProgress?: (progress: NeuralProgress) => void;
  /** Where the index files are; the neural index is refreshed when the run completes. */
  readonly indexDir?: string;
  readonly batchSize?: number;
}

export interface NeuralDescribeSummary {
  /** Vectors written in this run. */
  readonly described: number;
  /** Covers whose picture could not be read or used (logged; tried again next run). */
  readonly failed: number;
  /** Covers still lacking a current neural vector. */
  readonly remaining: number;
  readonly cancelled: boolean;
}

/** Covers lacking a neural vector of the current version, oldest first. */
function findLacking(db: Db): PendingArtwork[] {
  return db
    .prepare(
      `SELECT a.id, a.sha256, a.source, a.origin_path, a.origin_picture, 1 AS has_thumbnail
       FROM artworks a
       WHERE NOT EXISTS (SELECT 1 FROM descriptors d WHERE d.artwork_id = a.id AND d.kind = ? AND d.version = ?)
       ORDER BY a.id`,
    )
    .all(NEURAL_KIND.name, NEURAL_KIND.version) as PendingArtwork[];
}

/** How far the library's neural describing is: covers with a current vector, and all covers. */
export function neuralCoverage(db: Db): { described: number; covers: number } {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM artworks) AS covers,
              (SELECT count(*) FROM descriptors d JOIN artworks a ON a.id = d.artwork_id WHERE d.kind = ? AND d.version = ?) AS described`,
    )
    .get(NEURAL_KIND.name, NEURAL_KIND.version) as { covers: number; described: number };
  return row;
}

/**
 * Describes every cover lacking a current neural vector. Cancelling (the
 * signal) abandons the batches in flight; what was written stays.
 */
export async function describeNeural(db: Db, pool: NeuralPool, options: NeuralDescribeOptions = {}): Promise<NeuralDescribeSummary> {
  const store = new ScanStore(db);
  const stillThere = db.prepare('SELECT 1 FROM artworks WHERE id = ?');
  const batchSize = options.batchSize ?? NEURAL_BATCH;
  const lacking = findLacking(db);
  const total = lacking.length;
  let done = 0;
  let described = 0;
  let failed = 0;
  let next = 0;
  const coverage = neuralCoverage(db);
  const report = () => options.onProgress?.({ done, total, described: coverage.described + described, covers: coverage.covers });
  report();
  const notDescribed = (artwork: PendingArtwork, reason: string) => {
    failed++;
    options.log?.(`cover ${artwork.sha256.slice(0, 12)} (${displayPath(artwork.origin_path)}) has no neural vector: ${reason}`);
  };

  const runBatches = async (): Promise<void> => {
    while (next < lacking.length && !options.signal?.aborted) {
      const batch = lacking.slice(next, next + batchSize);
      next += batch.length;
      const read: { artwork: PendingArtwork; bytes: Uint8Array }[] = [];
      for (const artwork of batch) {
        const bytes = await readOrigin(artwork);
        if (typeof bytes === 'string') notDescribed(artwork, bytes);
        else read.push({ artwork, bytes });
      }
      let results: NeuralResult[] = [];
      try {
        // A cancel stops the network mid-batch (piscina ends that worker); the batch is simply not written.
        if (read.length > 0) results = await pool.describe(read.map((r) => r.bytes), options.signal);
      } catch (error) {
        if (options.signal?.aborted) break;
        throw error;
      }
      faultPoint('neural-described');
      db.transaction(() => {
        results.forEach((result, i) => {
          const { artwork } = read[i];
          if (!result.ok) return notDescribed(artwork, result.reason);
          // The cover may have been removed by a scan meanwhile: nothing to store then.
          if (stillThere.get(artwork.id) === undefined) return;
          store.storeVectors(artwork.id, [{ kind: NEURAL_KIND.name, version: NEURAL_KIND.version, vector: result.vector }]);
          described++;
        });
      })();
      faultPoint('neural-batch');
      done += batch.length;
      report();
    }
  };
  // One batch in flight per pool thread.
  await Promise.all(Array.from({ length: pool.threads }, runBatches));

  const cancelled = options.signal?.aborted ?? false;
  // A learned kind fitted on neural vectors (among others) can now project the covers just described.
  const learnedUsesNeural = loadLearnedModel(db)?.inputs.some((input) => input.name === NEURAL_KIND.name) ?? false;
  if (!cancelled && described > 0 && learnedUsesNeural) refreshLearnedVectors(db);
  if (options.indexDir !== undefined && !cancelled) {
    faultPoint('neural-indexing');
    const learned = learnedUsesNeural ? currentLearnedKind(db) : null;
    await refreshIndexes(db, options.indexDir, options.log, learned ? [NEURAL_KIND, learned] : [NEURAL_KIND]);
  }
  return { described, failed, remaining: findLacking(db).length, cancelled };
}
