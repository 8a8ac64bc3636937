import { Worker } from 'node:worker_threads';
import type { BuildMessage, BuildRequest } from './build-worker.js';
import type { Log } from './cover-index.js';
import type { IndexedKind } from './vectors.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './build-worker.ts' : './build-worker.js', import.meta.url);

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
    const worker = new Worker(FROM_SOURCE ? fromSourceEntry() : WORKER_URL, { workerData: request });
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

/**
 * Node 20 does not apply `--import tsx` to a worker whose entry is a .ts
 * file, so from source (tests, benchmarks) the thread starts on a small
 * module that registers tsx's loader and then imports the entry. It is a
 * data: URL, not `eval: true`: usearch's native binding never finishes
 * loading in a worker started from evaluated code (Node 20, usearch 2.25).
 */
function fromSourceEntry(): URL {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new URL(`data:text/javascript,${encodeURIComponent(boot)}`);
}
