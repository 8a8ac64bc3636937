import type { MessagePort } from 'node:worker_threads';
import type { ArtworkResult, ArtworkTask } from '../artwork/pool.js';
import type { ArtworkRunner } from './scan-pool.js';

interface PoolRequest {
  readonly id: number;
  readonly task: ArtworkTask;
}

type PoolReply = { readonly id: number; readonly result: ArtworkResult } | { readonly id: number; readonly error: string };

/**
 * Runs the tasks another thread sends over `port` on this thread's pool, so
 * that a scan on a thread of its own describes its covers with workers that
 * are already running (scan-in-worker.ts) instead of starting its own.
 */
export function servePool(port: MessagePort, runner: ArtworkRunner): void {
  port.on('message', ({ id, task }: PoolRequest) => {
    runner.run(task).then(
      (result) => port.postMessage({ id, result } satisfies PoolReply),
      (error: unknown) => port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies PoolReply),
    );
  });
}

/** The scan thread's side of servePool: each task goes over the port and its answer comes back. */
export class PortRunner implements ArtworkRunner {
  #next = 0;
  readonly #waiting = new Map<number, { resolve: (result: ArtworkResult) => void; reject: (error: Error) => void }>();

  constructor(
    private readonly port: MessagePort,
    readonly threads: number,
  ) {
    port.on('message', (reply: PoolReply) => {
      const waiting = this.#waiting.get(reply.id);
      if (!waiting) return;
      this.#waiting.delete(reply.id);
      if ('result' in reply) waiting.resolve(reply.result);
      else waiting.reject(new Error(reply.error));
    });
  }

  run(task: ArtworkTask): Promise<ArtworkResult> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.port.postMessage({ id, task } satisfies PoolRequest);
    });
  }
}
