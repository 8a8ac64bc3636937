/**
 * Runs a layout in its own worker thread (piscina, like the artwork pool),
 * so the thread that answers the window (or the CLI's progress bar) keeps
 * running for the seconds to minutes a large library takes. Aborting
 * terminates the worker.
 */
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { SleeveError } from '../../shared/errors.js';
import type { Layout, LayoutProgress, LayoutSettings } from './layout.js';
import type { LayoutJob } from './layout-worker.js';

/**
 * Compiled, the worker is layout-worker.js beside this module. Loaded from
 * TypeScript source (vitest, tsx), it is layout-worker.ts and its thread
 * needs tsx to load it.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './layout-worker.ts' : './layout-worker.js', import.meta.url);

/** Lays out n rows in a worker. The rows' buffer is moved there when they fill it: the caller must not use it after. */
export async function layoutInWorker(
  vectors: Float32Array,
  n: number,
  dim: number,
  settings: LayoutSettings,
  options: { onProgress?: (progress: LayoutProgress) => void; signal?: AbortSignal } = {},
): Promise<Layout> {
  const pool = new Piscina({
    filename: WORKER_URL.href,
    minThreads: 1,
    maxThreads: 1,
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
  });
  const channel = new MessageChannel();
  channel.port1.on('message', (progress: LayoutProgress) => options.onProgress?.(progress));
  const job: LayoutJob = { vectors, n, dim, settings, progress: channel.port2 };
  // A whole buffer is moved to the worker rather than copied: at 100,000 covers it is 400 MB.
  const moved = vectors.byteOffset === 0 && vectors.byteLength === vectors.buffer.byteLength ? [vectors.buffer as ArrayBuffer] : [];
  try {
    const layout = (await pool.run(job, { transferList: [channel.port2, ...moved], signal: options.signal })) as Layout;
    // The result comes on piscina's port: let the progress already sent on ours arrive first.
    await new Promise((resolve) => setImmediate(resolve));
    return layout;
  } catch (error) {
    if (options.signal?.aborted) throw new SleeveError('busy', 'The map was not laid out: it was cancelled.', { cause: error });
    throw new SleeveError('internal', `The map could not be laid out: ${(error as Error).message}`, { cause: error });
  } finally {
    channel.port1.close();
    await pool.destroy();
  }
}
