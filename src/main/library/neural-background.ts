/**
 * The library's background neural describing as a service runs it: started
 * after each scan (a start asked for while it runs makes one more run
 * follow), cancelled on close, its progress readable at any time. The heavy
 * modules (the pool, onnxruntime in its workers) load on the first start.
 */

import type { NeuralPool } from '../artwork/neural-pool.js';
import type { Db } from '../store/db.js';
import type { NeuralProgress } from './describe-neural.js';

export interface NeuralBackgroundState {
  readonly running: boolean;
  /** This run's progress (null before the first run). */
  readonly progress: NeuralProgress | null;
  /** The last run's failure, worded for a person; null when it went well. */
  readonly error: string | null;
}

export interface NeuralBackgroundOptions {
  readonly indexDir: string;
  readonly threads?: number;
  readonly log?: (message: string) => void;
  /** Called when a run has stored vectors and refreshed the index (drop caches of similarity data). */
  readonly onChanged?: () => void;
}

export class NeuralBackground {
  #running: Promise<void> | null = null;
  #abort: AbortController | null = null;
  #again = false;
  #progress: NeuralProgress | null = null;
  #error: string | null = null;
  #pool: NeuralPool | null = null;
  #closed = false;

  constructor(
    private readonly db: Db,
    private readonly options: NeuralBackgroundOptions,
  ) {}

  state(): NeuralBackgroundState {
    return { running: this.#running !== null, progress: this.#progress, error: this.#error };
  }

  /** Describes what lacks a neural vector, in the background; returns at once. */
  start(): void {
    if (this.#closed) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    this.#error = null;
    this.#running = this.run(abort.signal)
      .catch((error: unknown) => {
        this.#error = error instanceof Error ? error.message : String(error);
        this.options.log?.(`describing covers with the neural network failed: ${this.#error}`);
      })
      .finally(() => {
        this.#running = null;
        this.#abort = null;
        if (this.#again && !this.#closed) {
          this.#again = false;
          this.start();
        }
      });
  }

  private async run(signal: AbortSignal): Promise<void> {
    const [{ describeNeural }, { NeuralPool }] = await Promise.all([import('./describe-neural.js'), import('../artwork/neural-pool.js')]);
    this.#pool ??= new NeuralPool({ threads: this.options.threads });
    const summary = await describeNeural(this.db, this.#pool, {
      signal,
      log: this.options.log,
      indexDir: this.options.indexDir,
      onProgress: (progress) => (this.#progress = progress),
    });
    if (summary.described > 0 && !summary.cancelled) this.options.onChanged?.();
  }

  /** Stops at once (the batches in flight are dropped, what was written stays); the next start continues. */
  cancel(): void {
    this.#again = false;
    this.#abort?.abort();
  }

  /** Resolves when no run is going on. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.cancel();
    await this.idle();
    await this.#pool?.close();
  }
}
