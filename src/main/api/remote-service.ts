import { Worker } from 'node:worker_threads';
import type { ApiResponse } from '../../shared/api.js';
import { textReply, type MediaReply, type ReplyBody } from './media.js';
import {
  deserializeError,
  type DialogRequest,
  type FromWorker,
  type SerializedError,
  type ServiceWorkerData,
  type ToWorker,
} from './service-protocol.js';
import type { ApiService, ApiServiceOptions } from './service.js';

/**
 * Compiled, the worker is service-worker.js beside this module; loaded from
 * TypeScript source (vitest, tsx) it is the .ts file and needs tsx.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './service-worker.ts' : './service-worker.js', import.meta.url);

/**
 * How long closing waits for the service to finish (a scan to stop at its
 * next batch, the database to close) before the thread is stopped anyway:
 * each batch is one transaction, so the next scan resumes from the last one.
 */
const CLOSE_GRACE_MS = 10_000;

/** Shows a native dialog for the service; `caller` is what the front end passed with the call that asked for it. */
export type DialogHost = (request: DialogRequest, caller: number | undefined) => Promise<string | null>;

export interface WorkerServiceOptions {
  readonly databasePath: string;
  readonly mode: ApiServiceOptions['mode'];
  readonly scanThreads?: number;
  readonly log?: (message: string) => void;
  /** The desktop app's native dialogs, run on this thread when the service asks. */
  readonly dialogs?: DialogHost;
}

/** The worker-hosted service, with the calling window passed along (for the dialogs it opens). */
export interface WorkerService extends ApiService {
  call(method: unknown, args: unknown, caller?: number): Promise<ApiResponse>;
}

type Pending =
  | { readonly kind: 'call'; readonly resolve: (response: ApiResponse) => void }
  | { readonly kind: 'media'; readonly resolve: (reply: MediaReply | null) => void; readonly reject: (error: Error) => void }
  | { readonly kind: 'close'; readonly resolve: () => void };

/**
 * Opens the library in a worker thread and returns the same service
 * interface as openApiService, carried over postMessage. Resolves once the
 * library is open; rejects with the worker's own error (a newer schema, not
 * a database...) when it cannot be opened.
 */
export function openWorkerService(options: WorkerServiceOptions): Promise<WorkerService> {
  const log = options.log ?? ((message: string) => process.stderr.write(`sleeve: ${message}\n`));
  const workerData: ServiceWorkerData = {
    databasePath: options.databasePath,
    mode: options.mode,
    scanThreads: options.scanThreads,
    dialogs: options.dialogs !== undefined,
  };
  const worker = new Worker(FROM_SOURCE ? fromSourceEntry() : WORKER_URL, { workerData });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  /** Why the worker is gone, once it is. */
  let gone: string | null = null;

  const send = (message: ToWorker) => worker.postMessage(message);
  const request = <P extends Pending>(entry: P, message: (id: number) => ToWorker) => {
    const id = nextId++;
    pending.set(id, entry);
    send(message(id));
  };
  const stopped = (): ApiResponse => ({
    ok: false,
    error: { code: 'unavailable', message: `The library service has stopped (${gone}); restart Sleeve.` },
  });

  function settleAll(): void {
    for (const entry of pending.values()) {
      if (entry.kind === 'call') entry.resolve(stopped());
      else if (entry.kind === 'media') entry.resolve(textReply(503, 'The library service has stopped.'));
      else entry.resolve();
    }
    pending.clear();
  }

  function answer(message: FromWorker): void {
    switch (message.kind) {
      case 'log':
        log(message.message);
        return;
      case 'dialog':
        showDialog(message.id, message.request, message.caller);
        return;
      case 'ready':
      case 'failed':
        return;
    }
    const entry = pending.get(message.id);
    if (!entry) return;
    pending.delete(message.id);
    if (message.kind === 'call-answer' && entry.kind === 'call') entry.resolve(message.response);
    else if (message.kind === 'media-answer' && entry.kind === 'media') entry.resolve(message.reply && withBuffers(message.reply));
    else if (message.kind === 'closed' && entry.kind === 'close') entry.resolve();
    else if (message.kind === 'answer-failed') failed(entry, message.error);
  }

  function failed(entry: Pending, error: SerializedError): void {
    if (entry.kind === 'call') entry.resolve({ ok: false, error: { code: 'internal', message: error.message } });
    else if (entry.kind === 'media') entry.reject(deserializeError(error));
    else entry.resolve();
  }

  function showDialog(id: number, dialogRequest: DialogRequest, caller: number | undefined): void {
    const host = options.dialogs;
    if (!host) {
      send({ kind: 'dialog-answer', id, path: null, error: 'Native dialogs exist only in the desktop app.' });
      return;
    }
    host(dialogRequest, caller).then(
      (path) => send({ kind: 'dialog-answer', id, path }),
      (error: unknown) => send({ kind: 'dialog-answer', id, path: null, error: error instanceof Error ? error.message : String(error) }),
    );
  }

  const exited = new Promise<void>((resolveExit) => {
    worker.on('exit', (code) => {
      gone ??= `the worker thread exited with code ${code}`;
      settleAll();
      resolveExit();
    });
  });

  return new Promise<WorkerService>((resolve, reject) => {
    worker.on('error', (error) => {
      gone = error.message;
      log(`the library service failed: ${error.stack ?? error.message}`);
      reject(error);
    });
    worker.on('message', (message: FromWorker) => {
      if (message.kind === 'failed') {
        gone = message.error.message;
        reject(deserializeError(message.error));
      } else if (message.kind === 'ready') {
        resolve(service);
      } else {
        answer(message);
      }
    });

    const service: WorkerService = {
      log,
      call(method, args, caller) {
        if (gone !== null) return Promise.resolve(stopped());
        return new Promise((resolveCall) => request({ kind: 'call', resolve: resolveCall }, (id) => ({ kind: 'call', id, method, args, caller })));
      },
      media(pathname, range) {
        if (gone !== null) return Promise.resolve(textReply(503, 'The library service has stopped.'));
        return new Promise((resolveMedia, rejectMedia) =>
          request({ kind: 'media', resolve: resolveMedia, reject: rejectMedia }, (id) => ({ kind: 'media', id, pathname, range })),
        );
      },
      scanIfLibrary() {
        if (gone === null) send({ kind: 'scanIfLibrary' });
      },
      async close() {
        if (gone === null) {
          const closed = new Promise<void>((resolveClose) => request({ kind: 'close', resolve: resolveClose }, (id) => ({ kind: 'close', id })));
          let timer: NodeJS.Timeout | undefined;
          const late = new Promise<'late'>((resolveLate) => {
            timer = setTimeout(() => resolveLate('late'), CLOSE_GRACE_MS);
          });
          if ((await Promise.race([closed, late])) === 'late') log(`the library service did not close within ${CLOSE_GRACE_MS / 1000} s; stopping it`);
          clearTimeout(timer);
          gone = 'it was closed';
          await worker.terminate();
        }
        await exited;
      },
    };
  });
}

/**
 * Node 20 does not apply `--import tsx` to a worker whose entry is a .ts
 * file, so from source the thread starts on a one-line ES module that
 * registers tsx's loader and then imports the entry. (Not an `eval` script:
 * that defines a global __dirname of ".", which sends usearch's search for
 * its binary into an endless loop.)
 */
function fromSourceEntry(): URL {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const code = `const tsx = await import(${JSON.stringify(tsxApi)}); tsx.register(); await import(${JSON.stringify(WORKER_URL.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/** Buffers arrive as plain Uint8Arrays after postMessage; node:http and fs want Buffers back. */
function withBuffers(reply: MediaReply): MediaReply {
  const body: ReplyBody = reply.body;
  if (body.kind === 'bytes') return { ...reply, body: { kind: 'bytes', bytes: asBuffer(body.bytes) } };
  if (body.kind === 'file' && typeof body.path !== 'string') return { ...reply, body: { ...body, path: asBuffer(body.path) } };
  return reply;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
