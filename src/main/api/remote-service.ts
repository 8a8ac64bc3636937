import { Worker } from 'node:worker_threads';
import { workerEntry } from '../platform/worker-entry.js';
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

const STOPPED_MEDIA = () => textReply(503, 'The library service has stopped.');

/**
 * Opens the library in a worker thread and returns the same service
 * interface as openApiService, carried over postMessage. Resolves once the
 * library is open; rejects with the worker's own error (a newer schema, not
 * a database...) when it cannot be opened.
 */
export function openWorkerService(options: WorkerServiceOptions): Promise<WorkerService> {
  const workerData: ServiceWorkerData = {
    databasePath: options.databasePath,
    mode: options.mode,
    scanThreads: options.scanThreads,
    dialogs: options.dialogs !== undefined,
  };
  const worker = new Worker(workerEntry(import.meta.url, 'service-worker'), { workerData });
  const service = new RemoteService(worker, options.log ?? ((message: string) => process.stderr.write(`sleeve: ${message}\n`)), options.dialogs);
  return service.opened.then(() => service);
}

/** The thread-answering side: each request waits for its answer by id; when the worker is gone, everything answers so. */
class RemoteService implements WorkerService {
  readonly opened: Promise<void>;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #nextId = 1;
  /** Why the worker is gone, once it is. */
  #gone: string | null = null;

  constructor(
    private readonly worker: Worker,
    readonly log: (message: string) => void,
    private readonly dialogs: DialogHost | undefined,
  ) {
    this.#exited = new Promise((resolve) => {
      worker.on('exit', (code) => {
        this.#gone ??= `the worker thread exited with code ${code}`;
        this.#settleAll();
        resolve();
      });
    });
    this.opened = new Promise((resolve, reject) => {
      worker.on('error', (error) => {
        this.#gone = error.message;
        log(`the library service failed: ${error.stack ?? error.message}`);
        reject(error);
      });
      worker.once('exit', (code) => reject(new Error(`The library service stopped before opening the library (exit code ${code}).`)));
      worker.on('message', (message: FromWorker) => {
        if (message.kind === 'ready') resolve();
        else if (message.kind === 'failed') {
          this.#gone = message.error.message;
          reject(deserializeError(message.error));
        } else this.#answer(message);
      });
    });
  }

  call(method: unknown, args: unknown, caller?: number): Promise<ApiResponse> {
    if (this.#gone !== null) return Promise.resolve(this.#stopped());
    return new Promise((resolve) => this.#request({ kind: 'call', resolve }, (id) => ({ kind: 'call', id, method, args, caller })));
  }

  media(pathname: string, range: string | undefined): Promise<MediaReply | null> {
    if (this.#gone !== null) return Promise.resolve(STOPPED_MEDIA());
    return new Promise((resolve, reject) => this.#request({ kind: 'media', resolve, reject }, (id) => ({ kind: 'media', id, pathname, range })));
  }

  scanIfLibrary(): void {
    if (this.#gone === null) this.#send({ kind: 'scanIfLibrary' });
  }

  startWatching(): void {
    if (this.#gone === null) this.#send({ kind: 'startWatching' });
  }

  async close(): Promise<void> {
    if (this.#gone === null) {
      const closed = new Promise<void>((resolve) => this.#request({ kind: 'close', resolve }, (id) => ({ kind: 'close', id })));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
      });
      if ((await Promise.race([closed, late])) === 'late') this.log(`the library service did not close within ${CLOSE_GRACE_MS / 1000} s; stopping it`);
      clearTimeout(timer);
      this.#gone = 'it was closed';
      await this.worker.terminate();
    }
    await this.#exited;
  }

  #send(message: ToWorker): void {
    this.worker.postMessage(message);
  }

  #request(entry: Pending, message: (id: number) => ToWorker): void {
    const id = this.#nextId++;
    this.#pending.set(id, entry);
    this.#send(message(id));
  }

  #stopped(): ApiResponse {
    return { ok: false, error: { code: 'unavailable', message: `The library service has stopped (${this.#gone}); restart Sleeve.` } };
  }

  /** The worker is gone: every request still waiting answers that it has stopped. */
  #settleAll(): void {
    for (const entry of this.#pending.values()) {
      if (entry.kind === 'call') entry.resolve(this.#stopped());
      else if (entry.kind === 'media') entry.resolve(STOPPED_MEDIA());
      else entry.resolve();
    }
    this.#pending.clear();
  }

  #answer(message: Exclude<FromWorker, { kind: 'ready' | 'failed' }>): void {
    if (message.kind === 'log') return this.log(message.message);
    if (message.kind === 'dialog') return this.#showDialog(message.id, message.request, message.caller);
    const entry = this.#pending.get(message.id);
    if (!entry) return;
    this.#pending.delete(message.id);
    if (message.kind === 'call-answer' && entry.kind === 'call') entry.resolve(message.response);
    else if (message.kind === 'media-answer' && entry.kind === 'media') entry.resolve(message.reply && withBuffers(message.reply));
    else if (message.kind === 'closed' && entry.kind === 'close') entry.resolve();
    else if (message.kind === 'answer-failed') failed(entry, message.error);
  }

  #showDialog(id: number, request: DialogRequest, caller: number | undefined): void {
    if (!this.dialogs) {
      this.#send({ kind: 'dialog-answer', id, path: null, error: 'Native dialogs exist only in the desktop app.' });
      return;
    }
    this.dialogs(request, caller).then(
      (path) => this.#send({ kind: 'dialog-answer', id, path }),
      (error: unknown) => this.#send({ kind: 'dialog-answer', id, path: null, error: error instanceof Error ? error.message : String(error) }),
    );
  }
}

/** A request the worker could not answer: an internal error for a call, a failed media request (the server answers 500). */
function failed(entry: Pending, error: SerializedError): void {
  if (entry.kind === 'call') entry.resolve({ ok: false, error: { code: 'internal', message: error.message } });
  else if (entry.kind === 'media') entry.reject(deserializeError(error));
  else entry.resolve();
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
