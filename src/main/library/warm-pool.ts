import { availableParallelism } from 'node:os';
import type { ArtworkPool, ArtworkResult, ArtworkTask } from '../artwork/pool.js';
import type { ArtworkRunner } from './scan-pool.js';

/**
 * How long the service keeps its describing workers after their last task.
 * A watched folder brings scans in bursts; each pool start costs 0.8–1 s
 * here (every thread loads sharp and the descriptor code), more than the
 * rest of a rescan that adds one album to 100,000.
 */
export const WARM_POOL_IDLE_MS = 60_000;

/**
 * The service's pool for every scan: started at the first task, kept while
 * tasks come, closed WARM_POOL_IDLE_MS after the last one (and on close).
 * The pool's module (piscina) is loaded then too, not when the service starts.
 */
export class WarmPool implements ArtworkRunner {
  readonly threads: number;
  private pool: Promise<ArtworkPool> | null = null;
  private running = 0;
  private idle: NodeJS.Timeout | undefined;

  constructor(
    threads?: number,
    private readonly idleMs = WARM_POOL_IDLE_MS,
  ) {
    this.threads = threads ?? availableParallelism();
  }

  /** Whether worker threads are up (or starting). */
  get started(): boolean {
    return this.pool !== null;
  }

  /**
   * Starts the threads ahead of a scan (a watched folder's change, while the
   * change is waited on to settle), to be let go if no task comes.
   */
  warm(): void {
    this.start();
    if (this.running === 0) this.closeWhenIdle();
  }

  async run(task: ArtworkTask): Promise<ArtworkResult> {
    const pool = this.start();
    this.running++;
    try {
      return await (await pool).run(task);
    } finally {
      this.running--;
      if (this.running === 0) this.closeWhenIdle();
    }
  }

  async close(): Promise<void> {
    clearTimeout(this.idle);
    const pool = this.pool;
    this.pool = null;
    await (await pool)?.close();
  }

  private start(): Promise<ArtworkPool> {
    clearTimeout(this.idle);
    return (this.pool ??= import('../artwork/pool.js').then(({ ArtworkPool }) => new ArtworkPool({ threads: this.threads })));
  }

  private closeWhenIdle(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.close(), this.idleMs);
    this.idle.unref();
  }
}
