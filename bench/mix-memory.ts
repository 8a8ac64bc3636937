/**
 * Memory under the mix sliders (issue 10): RSS while 10,000 distinct
 * descriptor mixes each answer "looks like" on a 1,000-album library, as
 * the app's cover sessions (api/cover-sessions.ts) serve them. Goal: RSS at
 * the end ≤ RSS at the start + 150 MB. Prints, asserts nothing.
 *
 *   npx tsx bench/mix-memory.ts [--albums 1000] [--mixes 10000]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoverSessions } from '../src/main/api/cover-sessions.js';
import { SCAN_KINDS } from '../src/main/artwork/kinds.js';
import { findSimilar } from '../src/main/playlists/similar.js';
import { openDatabase } from '../src/main/store/db.js';
import { indexDirectory } from '../src/main/store/paths.js';
import { mulberry32 } from '../src/shared/random.js';
import { addSyntheticAlbums } from './lib/scale-library.js';

const { values } = parseArgs({ options: { albums: { type: 'string', default: '1000' }, mixes: { type: 'string', default: '10000' } } });
const albums = Number(values.albums);
const mixes = Number(values.mixes);
const REPORT_EVERY = mixes / 10;

function rssMb(): number {
  return process.memoryUsage().rss / 2 ** 20;
}

function loadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

const dir = mkdtempSync(join(tmpdir(), 'sleeve-bench-mixes-'));
try {
  const dbPath = join(dir, 'library.db');
  const db = openDatabase(dbPath);
  addSyntheticAlbums(db, { albums, tracksPerAlbum: 10, rootPath: join(dir, 'music (not on disk)'), seed: 7 });
  const sessions = new CoverSessions(db, indexDirectory(dbPath), SCAN_KINDS.map((kind) => kind.name), () => {});
  const albumIds = db.prepare('SELECT id FROM albums').pluck().all() as number[];
  const random = mulberry32(11);
  const ask = (weights: Record<string, number>) => {
    const session = sessions.session(sessions.normalise(weights));
    const id = albumIds[Math.floor(random() * albumIds.length)];
    const album = session.space.album(id);
    const embedding = session.space.embedAlbum(id);
    if (album && embedding) findSimilar(session.space, { label: album.album, album, embedding }, 12);
  };
  // Every kind's index open and one mix answered: the app after its first "looks like".
  ask({ tiny: 1, gist: 1, color: 1 });
  const start = rssMb();
  console.log(`${albums} albums; RSS at start ${start.toFixed(0)} MB  [load ${loadavg()}]`);
  const started = performance.now();
  for (let i = 1; i <= mixes; i++) {
    // Distinct slider positions: three weights in steps of 1/1000.
    ask({ tiny: (i % 7) / 1000, gist: 0.001 + (i % 997) / 1000, color: 0.001 + Math.floor(i / 997) / 1000 });
    if (i % REPORT_EVERY === 0) console.log(`  after ${String(i).padStart(6)} mixes: RSS ${rssMb().toFixed(0)} MB  [load ${loadavg()}]`);
  }
  const end = rssMb();
  console.log(
    `RSS after ${mixes} distinct mixes: ${end.toFixed(0)} MB, start + ${(end - start).toFixed(0)} MB (goal ≤ start + 150 MB); ` +
      `${((performance.now() - started) / mixes).toFixed(2)} ms a mix  [load ${loadavg()}]`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
