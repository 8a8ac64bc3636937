import { AsyncLocalStorage } from 'node:async_hooks';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { DesktopDialogs } from './deps.js';
import { serializeError, type DialogRequest, type FromWorker, type ServiceWorkerData, type ToWorker } from './service-protocol.js';
import { openApiService, type ApiService } from './service.js';

/**
 * The worker thread that runs the service: SQLite, scans, index builds and
 * insights all happen here, so the thread that answers the window only
 * routes messages and streams files (remote-service.ts is the other end).
 */

const port = parentPort as MessagePort;
const data = workerData as ServiceWorkerData;

/** The caller given with the request being handled, so that a dialog it opens is attributed to the right window. */
const currentCaller = new AsyncLocalStorage<number | undefined>();

const post = (message: FromWorker) => port.postMessage(message);

const pendingDialogs = new Map<number, { resolve: (path: string | null) => void; reject: (error: Error) => void }>();
let nextDialogId = 1;

function askMainThread(request: DialogRequest): Promise<string | null> {
  const id = nextDialogId++;
  return new Promise((resolve, reject) => {
    pendingDialogs.set(id, { resolve, reject });
    post({ kind: 'dialog', id, request, caller: currentCaller.getStore() });
  });
}

const dialogs: DesktopDialogs = {
  openFolder: (title) => askMainThread({ dialog: 'openFolder', title }),
  saveFile: (defaultName, extension) => askMainThread({ dialog: 'saveFile', defaultName, extension }),
};

function open(): ApiService | null {
  try {
    return openApiService({
      databasePath: data.databasePath,
      mode: data.mode,
      scanThreads: data.scanThreads,
      dialogs: data.dialogs ? dialogs : undefined,
      log: (message) => post({ kind: 'log', message }),
    });
  } catch (error) {
    post({ kind: 'failed', error: serializeError(error) });
    return null;
  }
}

async function answer(service: ApiService, message: ToWorker): Promise<void> {
  switch (message.kind) {
    case 'call': {
      const response = await currentCaller.run(message.caller, () => service.call(message.method, message.args));
      post({ kind: 'call-answer', id: message.id, response });
      return;
    }
    case 'media':
      post({ kind: 'media-answer', id: message.id, reply: await service.media(message.pathname, message.range) });
      return;
    case 'scanIfLibrary':
      service.scanIfLibrary();
      return;
    case 'startWatching':
      service.startWatching();
      return;
    case 'dialog-answer': {
      const pending = pendingDialogs.get(message.id);
      pendingDialogs.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.path);
      return;
    }
    case 'close':
      await service.close();
      post({ kind: 'closed', id: message.id });
      // Nothing is left to answer; letting go of the port ends the thread once the scan pool has stopped.
      port.close();
      return;
  }
}

const service = open();
if (service) {
  post({ kind: 'ready' });
  port.on('message', (message: ToWorker) => {
    answer(service, message).catch((error: unknown) => {
      if ('id' in message && message.kind !== 'dialog-answer') post({ kind: 'answer-failed', id: message.id, error: serializeError(error) });
      else post({ kind: 'log', message: `service worker: ${message.kind} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}` });
    });
  });
} else {
  port.close();
}
