/**
 * Run as a child process by incremental.test.ts, to be killed at a random
 * moment: adds covers to the library and rebuilds the gist index, again and
 * again, printing "ready" once the first rebuild is recorded.
 *
 *   node --import tsx test/index/rebuild-loop.ts DB DIR DIM SEED
 */
import { rebuildIndex } from '../../src/main/index/cover-index.js';
import { openDatabase } from '../../src/main/store/db.js';
import { addDescriptors, clusteredVectors } from './library.js';

const [dbPath, dir, dimText, seedText] = process.argv.slice(2);
const dim = Number(dimText);
const db = openDatabase(dbPath);
const kind = { name: 'gist', version: 1, dim };
for (let round = 0; ; round++) {
  addDescriptors(db, 'gist', 1, clusteredVectors(20, dim, Number(seedText) + round), dim);
  rebuildIndex(db, dir, kind);
  if (round === 0) process.stdout.write('ready\n');
}
