import { afterAll } from 'vitest';
import { ArtworkPool } from '../../src/main/artwork/pool.js';

/** One describing pool for a test file's scans (two threads, as on the machines the suite runs on), closed when its tests are done. */
export function testPool(): ArtworkPool {
  const pool = new ArtworkPool({ threads: 2 });
  afterAll(() => pool.close());
  return pool;
}
