import { parentPort, workerData } from 'node:worker_threads';
import { SleeveError } from '../../shared/errors.js';
import { asLibraryError, openDatabase } from '../store/db.js';
import { PortRunner } from './pool-port.js';
import { scanLibrary } from './scan.js';
import type { ScanInWorkerRequest, ScanWorkerMessage } from './scan-in-worker.js';

/**
 * One scan on its own thread and its own connection to the library (WAL
 * lets the service's connection keep reading meanwhile): progress and log
 * lines go to the parent, a 'cancel' message stops it as a signal would.
 */
const request = workerData as ScanInWorkerRequest;
const port = parentPort as NonNullable<typeof parentPort>;
const post = (message: ScanWorkerMessage) => port.postMessage(message);
const abort = new AbortController();
port.on('message', (message: unknown) => {
  if (message === 'cancel') abort.abort();
});

try {
  const db = openDatabase(request.databasePath);
  try {
    const summary = await scanLibrary(db, {
      roots: request.roots,
      signal: abort.signal,
      describe: request.describe,
      indexDir: request.indexDir,
      threads: request.threads,
      pool: request.pool ? new PortRunner(request.pool, request.threads ?? 1) : undefined,
      onProgress: (progress) => post({ type: 'progress', progress }),
      log: request.log ? (message) => post({ type: 'log', message }) : undefined,
    });
    post({ type: 'done', summary });
  } finally {
    db.close();
  }
} catch (error) {
  const known = error instanceof SleeveError ? error : asLibraryError(error, request.databasePath);
  post({
    type: 'failed',
    code: known?.code ?? null,
    message: known?.message ?? (error instanceof Error ? error.message : String(error)),
    stack: error instanceof Error ? (error.stack ?? null) : null,
  });
}
request.pool?.close();
port.close();
