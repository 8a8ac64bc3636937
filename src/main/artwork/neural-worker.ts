/**
 * Piscina worker of the neural pool: one network per thread, loaded on its
 * first task and kept for the thread's life. A task is a batch of pictures;
 * the vectors come back by transfer.
 */

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { lowerThreadPriority } from '../platform/thread-priority.js';
import { NeuralDescriber, type NeuralResult } from './neural.js';

export interface NeuralTask {
  readonly pictures: readonly Uint8Array[];
}

// Neural vectors are worked out in the background, after each scan: the network (and its runtime's threads,
// started below) yield the cores to the app's answers.
lowerThreadPriority();

let describer: Promise<NeuralDescriber> | undefined;

export default async function runNeuralTask(task: NeuralTask): Promise<unknown> {
  describer ??= NeuralDescriber.load();
  const results: NeuralResult[] = await (await describer).describe(task.pictures);
  const buffers = results.flatMap((r) => (r.ok ? [r.vector.buffer as ArrayBuffer] : []));
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return results;
    },
  });
}
