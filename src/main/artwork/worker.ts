/**
 * Piscina worker: one task per artwork (see process.ts). The thumbnail and
 * vector buffers are transferred back to the main thread, not copied.
 */

import { move, transferableSymbol, valueSymbol } from 'piscina';
import { processArtwork, type ArtworkResult, type ArtworkTask } from './process.js';

export default async function runArtworkTask(task: ArtworkTask): Promise<unknown> {
  const result: ArtworkResult = await processArtwork(task);
  if (!result.ok) return result;
  const buffers: ArrayBuffer[] = result.vectors.map(({ vector }) => vector.buffer as ArrayBuffer);
  if (result.thumbnail !== null) buffers.push(result.thumbnail.buffer as ArrayBuffer);
  return move({
    get [transferableSymbol]() {
      return buffers;
    },
    get [valueSymbol]() {
      return result;
    },
  });
}
