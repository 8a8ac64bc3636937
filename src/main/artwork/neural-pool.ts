/**
 * The neural kind's own pool of worker threads (piscina), apart from the
 * scan's pool: the network is heavy (a model per thread) and runs after the
 * scan, in the background, never on the thread that answers the API.
 */

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { NeuralResult } from './neural.js';
import type { NeuralTask } from './neural-worker.js';

export type { NeuralResult } from './neural.js';

export interface NeuralPoolOptions {
  /** Worker threads; defaults to the number of CPUs available. */
  readonly threads?: number;
}

/** Compiled, the worker is neural-worker.js beside this module; from source (vitest, tsx) it needs tsx. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './neural-worker.ts' : './neural-worker.js', import.meta.url);

export class NeuralPool {
  readonly threads: number;
  private readonly piscina: Piscina;

  constructor(options: NeuralPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.piscina = new Piscina({
      filename: WORKER_URL.href,
      // Threads start on demand and end after a minute idle, giving back their model's memory.
      minThreads: 0,
      maxThreads: threads,
      idleTimeout: 60_000,
      execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    });
  }

  /**
   * Describes a batch of pictures (one run of the network). The bytes are
   * copied to the worker; each picture gets a unit vector or the reason it
   * cannot be used.
   */
  describe(pictures: readonly Uint8Array[], signal?: AbortSignal): Promise<NeuralResult[]> {
    const task: NeuralTask = { pictures: pictures.map((p) => Uint8Array.from(p)) };
    return this.piscina.run(task, { signal }) as Promise<NeuralResult[]>;
  }

  /** Stops the workers once the queued tasks are done. */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}

/**
 * One picture described off the calling thread (a seed image given by
 * path): a one-thread pool for the occasion, closed afterwards.
 */
export async function describeNeuralPicture(bytes: Uint8Array): Promise<NeuralResult> {
  const pool = new NeuralPool({ threads: 1 });
  try {
    const [result] = await pool.describe([bytes]);
    return result;
  } finally {
    await pool.close();
  }
}
