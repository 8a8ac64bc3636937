import { Piscina } from 'piscina';
import type { Insights } from '../../shared/api-entities.js';
import type { InsightsJob } from './insights-worker.js';

/**
 * Compiled, the worker is insights-worker.js beside the api modules; loaded
 * from TypeScript source (vitest, tsx) it is the .ts file and needs tsx.
 */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './insights-worker.ts' : './insights-worker.js', import.meta.url);

/** The worker thread goes away this long after its last measurement. */
const IDLE_MS = 10_000;

/**
 * Measuring reads every vector and scores millions of album pairs: seconds
 * on a large library. It runs in a worker thread so that the API keeps
 * answering, and each answer (per label and mix) is kept until the next
 * scan changes the covers.
 */
export class InsightsService {
  readonly #answers = new Map<string, Promise<Insights>>();
  readonly #pool = new Piscina({
    filename: WORKER_URL.href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: IDLE_MS,
    execArgv: FROM_SOURCE ? ['--import', 'tsx'] : [],
  });

  get(job: InsightsJob): Promise<Insights> {
    const key = `${job.label} ${JSON.stringify(job.mix)}`;
    let answer = this.#answers.get(key);
    if (!answer) {
      answer = this.#pool.run(job) as Promise<Insights>;
      this.#answers.set(key, answer);
      answer.catch(() => this.#answers.delete(key));
    }
    return answer;
  }

  invalidate(): void {
    this.#answers.clear();
  }

  async close(): Promise<void> {
    await this.#pool.destroy();
  }
}
