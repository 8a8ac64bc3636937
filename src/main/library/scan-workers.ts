/**
 * Runs `work` over the items, `concurrency` at a time, until they run out
 * or `stop()` says so. The first failure stops the other workers from
 * taking new items; once every worker has settled it is thrown, so nothing
 * of the scan is still writing when the caller sees the error.
 */
export async function runWorkers<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
  stop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && failure === null && !stop()) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(1, items.length)) }, worker));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
