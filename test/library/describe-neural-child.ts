/**
 * One background neural describing run in its own process, for the
 * kill tests (describe-neural.test.ts): `node --import tsx
 * describe-neural-child.ts DB INDEX_DIR`, with SLEEVE_FAULT_AT set to kill
 * it at a point. Prints one JSON line per stored batch and the summary.
 */
import { NeuralPool } from '../../src/main/artwork/neural-pool.js';
import { describeNeural } from '../../src/main/library/describe-neural.js';
import { openDatabase } from '../../src/main/store/db.js';

const [dbPath, indexDir] = process.argv.slice(2);
const db = openDatabase(dbPath);
const pool = new NeuralPool({ threads: 1 });
try {
  const summary = await describeNeural(db, pool, {
    indexDir,
    batchSize: 2,
    onProgress: (progress) => process.stdout.write(`${JSON.stringify({ progress })}\n`),
  });
  process.stdout.write(`${JSON.stringify({ summary })}\n`);
} finally {
  await pool.close();
  db.close();
}
