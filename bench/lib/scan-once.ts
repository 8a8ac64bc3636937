// Runs one scan in its own process and prints its summary with the process's
// peak RSS, so each measured scan starts cold and its memory is its own.
import { openDatabase } from '../../src/main/store/db.js';
import { scanLibrary } from '../../src/main/library/scan.js';

const [dbPath, root, describe] = process.argv.slice(2);
const db = openDatabase(dbPath);
const summary = await scanLibrary(db, { roots: [root], describe: describe === 'describe' });
db.close();
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ...summary, peakRssMb })}\n`);
