import { availableParallelism } from 'node:os';
import { ArtworkPool, type ArtworkResult, type ArtworkTask } from '../artwork/pool.js';

/** What the scan asks of a pool of artwork workers. */
export type ArtworkRunner = Pick<ArtworkPool, 'threads' | 'run'>;

/**
 * The scan's own pool, started when the first picture is to be decoded: a
 * rescan that finds nothing new or changed starts no worker thread (each
 * loads sharp and its own copy of the descriptor code).
 */
export class OnDemandPool implements ArtworkRunner {
  readonly threads: number;
  private pool: ArtworkPool | null = null;

  constructor(threads?: number) {
    this.threads = threads ?? availableParallelism();
  }

  run(task: ArtworkTask): Promise<ArtworkResult> {
    this.pool ??= new ArtworkPool({ threads: this.threads });
    return this.pool.run(task);
  }

  async close(): Promise<void> {
    await this.pool?.close();
  }
}
