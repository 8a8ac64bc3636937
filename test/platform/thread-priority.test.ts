import { getPriority } from 'node:os';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICENESS, lowerThreadPriority } from '../../src/main/platform/thread-priority.js';
import { workerEntry } from '../../src/main/platform/worker-entry.js';

describe.runIf(process.platform === 'linux')('background threads', () => {
  it('yield the cores: a worker lowers its own priority, and the threads answering the user keep theirs', async () => {
    const worker = new Worker(workerEntry(import.meta.url, 'priority-probe'));
    const report = await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    expect(report).toEqual({ before: getPriority(process.pid), lowered: true, after: BACKGROUND_NICENESS, process: getPriority(process.pid) });
  });

  it('never lower the whole process from its main thread', () => {
    const before = getPriority(process.pid);
    expect(lowerThreadPriority()).toBe(false);
    expect(getPriority(process.pid)).toBe(before);
  });
});
