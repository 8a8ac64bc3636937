import { Worker } from 'node:worker_threads';
import { workerEntry } from '../platform/worker-entry.js';
import type { BuildMessage, BuildRequest } from './build-worker.js';
import type { Log } from './cover-index.js';
import type { IndexedKind } from './vectors.js';


export type KindProgress = (kind: string, done: number, total: number) => void;

/**
 * Rebuilds one kind's index file in a worker thread, so that the calling
 * thread keeps answering; resolves with the number of covers indexed once
 * the file is written and recorded. Each build uses one thread (usearch's
 * multi-threaded add can leave unreachable nodes, unum-cloud/USearch#735):
 * kinds are built in parallel by starting one worker each.
 */
export function buildInWorker(databasePath: string, dir: string, kind: IndexedKind, log?: Log, onProgress?: KindProgress): Promise<number> {
  const request: BuildRequest = { databasePath, dir, kind: { name: kind.name, version: kind.version, dim: kind.dim } };
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(import.meta.url, 'build-worker'), { workerData: request });
    let count: number | undefined;
    worker.on('message', (message: BuildMessage) => {
      if (message.type === 'progress') onProgress?.(kind.name, message.done, message.total);
      else if (message.type === 'log') log?.(message.message);
      else count = message.count;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (count !== undefined) resolve(count);
      else reject(new Error(`the ${kind.name} index build stopped (exit code ${code})`));
    });
  });
}

