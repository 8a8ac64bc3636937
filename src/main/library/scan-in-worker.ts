import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { SleeveError, type ErrorCode } from '../../shared/errors.js';
import { workerEntry } from '../platform/worker-entry.js';
import { servePool } from './pool-port.js';
import type { ArtworkRunner } from './scan-pool.js';
import type { ScanProgress, ScanSummary } from './scan.js';

export interface ScanInWorkerRequest {
  readonly databasePath: string;
  readonly indexDir: string;
  readonly roots: readonly string[];
  readonly describe: boolean;
  readonly threads: number | undefined;
  /** Send the scan's per-file log lines. */
  readonly log: boolean;
  /** Where the scan sends its covers to be described (pool-port.ts); without it, it starts a pool of its own. */
  readonly pool?: MessagePort;
}

export type ScanWorkerMessage =
  | { readonly type: 'progress'; readonly progress: ScanProgress }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'done'; readonly summary: ScanSummary }
  | { readonly type: 'failed'; readonly code: ErrorCode | null; readonly message: string; readonly stack: string | null };

export interface ScanInWorkerOptions extends Omit<ScanInWorkerRequest, 'log' | 'pool'> {
  readonly signal: AbortSignal;
  /** This thread's pool, kept between scans, to describe the scan's covers. */
  readonly pool?: ArtworkRunner;
  readonly onProgress: (progress: ScanProgress) => void;
  readonly log?: (message: string) => void;
}

/**
 * Runs scanLibrary on a thread of its own, so that the thread answering the
 * library's queries (the service) is not held up by the scan's file reads
 * and write transactions: browse and search stay quick while a large
 * library is scanned. Resolves with the summary (cancelled through the
 * signal too); a failure keeps its code (busy, disk_full, …).
 */
export function scanInWorker(options: ScanInWorkerOptions): Promise<ScanSummary> {
  const channel = options.pool ? new MessageChannel() : undefined;
  if (channel && options.pool) servePool(channel.port1, options.pool);
  const request: ScanInWorkerRequest = {
    databasePath: options.databasePath,
    indexDir: options.indexDir,
    roots: options.roots,
    describe: options.describe,
    threads: options.pool?.threads ?? options.threads,
    log: options.log !== undefined,
    pool: channel?.port2,
  };
  return new Promise<ScanSummary>((resolve, reject) => {
    const worker = new Worker(workerEntry(import.meta.url, 'scan-worker'), { workerData: request, transferList: channel ? [channel.port2] : [] });
    let settled = false;
    const cancel = () => worker.postMessage('cancel');
    // Cancelled before the thread was even asked for: it starts, sees it at once, and answers a cancelled summary.
    if (options.signal.aborted) cancel();
    else options.signal.addEventListener('abort', cancel, { once: true });
    const finish = (then: () => void) => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', cancel);
      then();
    };
    worker.on('message', (message: ScanWorkerMessage) => {
      if (message.type === 'progress') options.onProgress(message.progress);
      else if (message.type === 'log') options.log?.(message.message);
      else if (message.type === 'done') finish(() => resolve(message.summary));
      else {
        const error = message.code ? new SleeveError(message.code, message.message) : new Error(message.message);
        if (message.stack && !message.code) error.stack = message.stack;
        finish(() => reject(error));
      }
    });
    worker.once('error', (error) => finish(() => reject(error)));
    worker.once('exit', (code) => finish(() => reject(new Error(`the scan's thread stopped (exit code ${code})`))));
  }).finally(() => channel?.port1.close());
}
