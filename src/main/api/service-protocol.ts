import type { ApiResponse } from '../../shared/api.js';
import { ERROR_CODES, SleeveError, type ErrorCode } from '../../shared/errors.js';
import type { MediaReply } from './media.js';
import type { ApiServiceOptions } from './service.js';

/**
 * The messages between the thread that answers the window (the Electron main
 * process, or the HTTP server of `sleeve serve`) and the worker thread that
 * runs the service (service-worker.ts). Everything here crosses postMessage,
 * so it is plain data: no functions, no class instances.
 */

/** What the worker needs to open the service (the options minus the functions, which stay on the main thread). */
export interface ServiceWorkerData {
  readonly databasePath: string;
  readonly mode: ApiServiceOptions['mode'];
  readonly scanThreads?: number;
  /** The main thread shows native dialogs for the worker (desktop app). */
  readonly dialogs: boolean;
}

/** A native dialog the service asks the main thread to show; `caller` is the one given with the call that asked. */
export type DialogRequest =
  | { readonly dialog: 'openFolder'; readonly title: string | undefined }
  | { readonly dialog: 'saveFile'; readonly defaultName: string | undefined; readonly extension: string | undefined };

export type ToWorker =
  | { readonly kind: 'call'; readonly id: number; readonly method: unknown; readonly args: unknown; readonly caller: number | undefined }
  | { readonly kind: 'media'; readonly id: number; readonly pathname: string; readonly range: string | undefined }
  | { readonly kind: 'scanIfLibrary' }
  | { readonly kind: 'startWatching' }
  | { readonly kind: 'close'; readonly id: number }
  | { readonly kind: 'dialog-answer'; readonly id: number; readonly path: string | null; readonly error?: string };

export type FromWorker =
  | { readonly kind: 'ready' }
  | { readonly kind: 'failed'; readonly error: SerializedError }
  | { readonly kind: 'call-answer'; readonly id: number; readonly response: ApiResponse }
  | { readonly kind: 'media-answer'; readonly id: number; readonly reply: MediaReply | null }
  | { readonly kind: 'answer-failed'; readonly id: number; readonly error: SerializedError }
  | { readonly kind: 'closed'; readonly id: number }
  | { readonly kind: 'log'; readonly message: string }
  | { readonly kind: 'dialog'; readonly id: number; readonly request: DialogRequest; readonly caller: number | undefined };

export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

export function serializeError(error: unknown): SerializedError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
}

/** A coded error stays a SleeveError across the thread boundary, so each front end can still word its hint from the code. */
export function deserializeError(error: SerializedError): Error {
  if (error.code && (ERROR_CODES as readonly string[]).includes(error.code)) return new SleeveError(error.code as ErrorCode, error.message);
  const plain = new Error(error.message);
  plain.name = error.name;
  return plain;
}
