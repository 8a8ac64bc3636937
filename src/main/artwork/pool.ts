/**
 * A pool of worker threads (piscina) that decode artworks and compute their
 * thumbnails and descriptors, one task per artwork.
 */

import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { ArtworkResult, ArtworkTask } from './process.js';

export type { ArtworkResult, ArtworkTask, ArtworkVector } from './process.js';

export interface ArtworkPoolOptions {
  /** Worker threads; defaults to the number of CPUs available. */
  readonly threads?: number;
}

/**
 * Compiled, the worker is dist/main/artwork/worker.js beside this module.
 * Loaded from TypeScript source (vitest, tsx), the worker is worker.ts and
 * its thread needs tsx to load it.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);

export class ArtworkPool {
  readonly threads: number;
  private readonly piscina: Piscina;

  constructor(options: ArtworkPoolOptions = {}) {
    const threads = options.threads ?? availableParallelism();
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
    this.threads = threads;
    this.piscina = new Piscina({
      filename: WORKER_URL.href,
      minThreads: threads,
      maxThreads: threads,
      execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
    });
  }

  /**
   * Decodes one artwork and computes what the task asks for. The bytes are
   * copied to the worker (the caller's buffer may be a view into a shared
   * Node Buffer pool, which must not be detached); results come back by
   * transfer.
   */
  run(task: ArtworkTask): Promise<ArtworkResult> {
    return this.piscina.run(task) as Promise<ArtworkResult>;
  }

  /** Stops the workers once the queued tasks are done. */
  async close(): Promise<void> {
    await this.piscina.close();
  }
}
