/**
 * A worker thread that rebuilds one kind's index file (background-build.ts):
 * its own database connection, the same build as on the calling thread, and
 * progress posted back as it goes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from '../platform/thread-priority.js';
import { openDatabase } from '../store/db.js';
import { rebuildIndex } from './cover-index.js';
import type { IndexedKind } from './vectors.js';

export interface BuildRequest {
  readonly databasePath: string;
  readonly dir: string;
  readonly kind: IndexedKind;
}

export type BuildMessage =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'log'; readonly message: string }
  | { readonly type: 'done'; readonly count: number };

const request = workerData as BuildRequest;
const port = parentPort;
if (!port) throw new Error('build-worker.ts runs as a worker thread');
const post = (message: BuildMessage) => port.postMessage(message);

// A rebuild runs beside the app's answers: it yields the cores to them.
lowerThreadPriority();
const db = openDatabase(request.databasePath);
try {
  const record = rebuildIndex(
    db,
    request.dir,
    request.kind,
    (message) => post({ type: 'log', message }),
    (done, total) => post({ type: 'progress', done, total }),
  );
  post({ type: 'done', count: record.count });
} finally {
  db.close();
}
