/** The layout thread (a piscina task): one computeLayout, progress posted on the job's port as it goes. */
import type { MessagePort } from 'node:worker_threads';
import { computeLayout, type Layout, type LayoutSettings } from './layout.js';

export interface LayoutJob {
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dim: number;
  readonly settings: LayoutSettings;
  readonly progress: MessagePort;
}

export default function layout(job: LayoutJob): Layout {
  try {
    return computeLayout(job.vectors, job.n, job.dim, job.settings, (progress) => job.progress.postMessage(progress));
  } finally {
    job.progress.close();
  }
}
