/**
 * The whole app at collector scale (issue 11): figures at 10,000 and 100,000
 * albums of 10 tracks (1,000,000 tracks), three kinds indexed.
 *
 *   npx tsx bench/scale.ts [--albums 10000,100000] [--covers 1000000] [--real 200] [--tracks 10]
 *
 * The library: `--real` albums of real MP3 files with embedded JPEG covers
 * (bench/lib/make-bench-library.ts), scanned by the real scan, so their
 * descriptors are real; the rest are synthetic (bench/lib/scale-library.ts):
 * rows written straight into SQLite with clustered descriptors of each
 * kind's real dimension, under a music folder that does not exist (a rescan
 * of the real folders leaves them alone). `--covers N` runs one library of N
 * albums instead.
 *
 * Printed for each size (medians unless said; load average beside each):
 *   - full rebuild of all three kinds in the background (every index file
 *     missing, as after a descriptor version bump), one worker thread per
 *     kind: once with nothing asked, then again with the latency of list,
 *     search and "looks like" asked meanwhile;
 *   - app start in a fresh process: database, indexes, first page, first
 *     "looks like", idle RSS;
 *   - albums.list first page and word searches (old LIKE query and the new
 *     store/album-search.ts), album view;
 *   - one kind's search p50/p99 and recall@10 against exact search, and
 *     "looks like" (gist 0.7 + color 0.3) end to end;
 *   - a 40-track playlist end to end (seed, build, write M3U8);
 *   - adding one album (10 tracks) and rescanning the real folders, then
 *     removing it and rescanning, with the new album findable; then the
 *     same through a watched folder, as the app does;
 *   - index files on disk per kind.
 * Nothing is asserted.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CoverSessions } from '../src/main/api/cover-sessions.js';
import { SCAN_KINDS } from '../src/main/artwork/kinds.js';
import { ArtworkPool } from '../src/main/artwork/pool.js';
import { CoverIndex } from '../src/main/index/cover-index.js';
import { simdExactSearch } from '../src/main/index/exact.js';
import type { SearchHit } from '../src/main/index/top-k.js';
import { readRecord } from '../src/main/index/index-store.js';
import { loadVectors } from '../src/main/index/vectors.js';
import { scanLibrary, type ScanSummary } from '../src/main/library/scan.js';
import { WarmPool } from '../src/main/library/warm-pool.js';
import { buildPlaylist } from '../src/main/playlists/build.js';
import { findSimilar } from '../src/main/playlists/similar.js';
import { writePlaylist } from '../src/main/playlists/write-playlist.js';
import { albumPage } from '../src/main/store/album-search.js';
import { openDatabase, type Db } from '../src/main/store/db.js';
import { indexDirectory } from '../src/main/store/paths.js';
import { getAlbum, listAlbums, listTracks } from '../src/main/store/queries.js';
import { KeepCurrent } from '../src/main/watch/keep-current.js';
import { mulberry32 } from '../src/shared/random.js';
import { makeBenchLibrary } from './lib/make-bench-library.js';
import { addSyntheticAlbums } from './lib/scale-library.js';

const K = 10;
const PAGE = 60;
const RUNS = 30;
const SEARCH_QUERIES = 200;
const PLAYLIST_RUNS = 10;
const PLAYLIST_TRACKS = 40;
const MIX = { color: 0.3, gist: 0.7 };
const SEED = 20140101;
/** How often the "app" is asked something while the indexes are rebuilt. */
const PROBE_INTERVAL_MS = 50;

const { values } = parseArgs({
  options: {
    albums: { type: 'string', default: '10000,100000' },
    covers: { type: 'string' },
    real: { type: 'string', default: '200' },
    tracks: { type: 'string', default: '10' },
  },
});
const sizes = (values.covers ?? values.albums).split(',').map(Number);
const realAlbums = Number(values.real);
const tracksPerAlbum = Number(values.tracks);

function loadavg(): string {
  return `[load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}]`;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 0)} ms`;
}

function timeRuns(runs: number, work: (run: number) => void): number[] {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    work(run);
    times.push(performance.now() - started);
  }
  return times;
}

function line(label: string, figure: string): void {
  console.log(`  ${label.padEnd(58)} ${figure.padEnd(34)} ${loadavg()}`);
}

function p50p99(times: readonly number[]): string {
  return `p50 ${ms(quantile(times, 0.5))}, p99 ${ms(quantile(times, 0.99))}`;
}

/** The summary rows of a page's albums, in one query (what albums.list adds to the page's ids). */
function pageRows(db: Db, ids: readonly number[]): unknown[] {
  if (ids.length === 0) return [];
  return db
    .prepare(
      `SELECT al.id, al.artist, al.album, al.year, a.sha256,
              (SELECT count(*) FROM tracks t WHERE t.album_id = al.id) AS tracks
         FROM albums al LEFT JOIN artworks a ON a.id = al.artwork_id WHERE al.id IN (${ids.map(() => '?').join(',')})`,
    )
    .all(...ids);
}

/** albums.list as the handler answers it today (store/queries.ts) and through store/album-search.ts. */
function listFigures(db: Db): void {
  line('albums.list first page (LIKE query, today)', `p50 ${ms(quantile(timeRuns(RUNS, () => listAlbums(db, { limit: PAGE })), 0.5))}`);
  line('albums.list first page (album-search, then its rows)', `p50 ${ms(quantile(timeRuns(RUNS, () => pageRows(db, albumPage(db, { limit: PAGE }).ids)), 0.5))}`);
  for (const search of ['silver', 'silver tide', 'ri']) {
    const total = albumPage(db, { search }).total;
    line(`search "${search}" (${total} albums), LIKE query`, `p50 ${ms(quantile(timeRuns(RUNS, () => listAlbums(db, { search, limit: PAGE })), 0.5))}`);
    line(`search "${search}", album-search, then its rows`, `p50 ${ms(quantile(timeRuns(RUNS, () => pageRows(db, albumPage(db, { search, limit: PAGE }).ids)), 0.5))}`);
  }
  line('page 1,000 by year (album-search)', `p50 ${ms(quantile(timeRuns(RUNS, () => albumPage(db, { sort: 'year', offset: 1000 * PAGE, limit: PAGE })), 0.5))}`);
  const albumIds = db.prepare('SELECT id FROM albums ORDER BY random() LIMIT ?').pluck().all(RUNS) as number[];
  line('album view (album and its tracks)', `p50 ${ms(quantile(timeRuns(RUNS, (run) => [getAlbum(db, albumIds[run]), listTracks(db, albumIds[run])]), 0.5))}`);
}

/**
 * One kind's index: search latency and recall@10 against exact search over
 * the same vectors. The searches are timed first and the exact answers found
 * after: an exact pass reads every vector of the kind (384 MB of gist at
 * 100,000 covers) and would leave each timed search with cold caches. The
 * first search after opening, which maps the file's pages in, is printed on
 * its own line.
 */
function searchFigures(db: Db, indexDir: string): void {
  for (const kind of SCAN_KINDS) {
    const index = CoverIndex.open(db, indexDir, kind);
    const { ids, vectors } = loadVectors(db, kind);
    const random = mulberry32(SEED);
    const queries = Array.from({ length: SEARCH_QUERIES }, () => Math.floor(random() * ids.length));
    const queryOf = (row: number) => vectors.subarray(row * kind.dim, (row + 1) * kind.dim);
    const answers: SearchHit[][] = [];
    const times = queries.map((row) => {
      const started = performance.now();
      answers.push(index.search(queryOf(row), K));
      return performance.now() - started;
    });
    let found = 0;
    queries.forEach((row, q) => {
      const truth = new Set(simdExactSearch(vectors, ids, queryOf(row), K).map((hit) => hit.id));
      for (const hit of answers[q]) if (truth.has(hit.id)) found++;
    });
    line(`${kind.name} first search after opening`, ms(times[0]));
    line(
      `${kind.name} search k=${K} (${index.mode}, ${index.size} covers)`,
      `${p50p99(times.slice(1))}, recall@10 ${(found / (SEARCH_QUERIES * K)).toFixed(3)}`,
    );
  }
}

function similarAndPlaylistFigures(db: Db, sessions: CoverSessions, outDir: string): void {
  const session = sessions.session(sessions.normalise(MIX));
  const albumIds = db.prepare('SELECT id FROM albums WHERE artwork_id IS NOT NULL ORDER BY random() LIMIT ?').pluck().all(RUNS) as number[];
  const similar = timeRuns(RUNS, (run) => {
    const album = session.space.album(albumIds[run]);
    const embedding = session.space.embedAlbum(albumIds[run]);
    if (album && embedding) findSimilar(session.space, { label: album.album, album, embedding }, 12);
  });
  line('"looks like" (gist 0.7 + color 0.3), 12 albums', p50p99(similar));
  const playlist = timeRuns(PLAYLIST_RUNS, (run) => {
    const album = session.space.album(albumIds[run]);
    const embedding = session.space.embedAlbum(albumIds[run]);
    if (!album || !embedding) return;
    const built = buildPlaylist(db, session.space, [{ label: album.album, album, embedding }], {
      length: { tracks: PLAYLIST_TRACKS },
      randomSeed: run,
    });
    writePlaylist(join(outDir, 'scale.m3u8'), built.tracks, { force: true, absolute: true, title: 'scale' });
  });
  line(`${PLAYLIST_TRACKS}-track playlist end to end (seed, build, write)`, p50p99(playlist));
}

interface Rebuild {
  readonly sessions: CoverSessions;
  readonly wallS: number;
  readonly cpuS: number;
  readonly firstOpenMs: number;
  readonly latencies: Record<'list' | 'search' | 'similar', number[]>;
}

/**
 * Drops every index record (as a descriptor version bump does) and lets the
 * app's cover sessions rebuild the three kinds in worker threads; with
 * `probed`, the app is asked something every PROBE_INTERVAL_MS meanwhile.
 */
async function rebuild(db: Db, indexDir: string, albumIds: readonly number[], probed: boolean): Promise<Rebuild> {
  db.prepare('DELETE FROM ann_indexes').run();
  const sessions = new CoverSessions(db, indexDir, SCAN_KINDS.map((kind) => kind.name), () => {}, { background: true });
  const started = performance.now();
  const cpu = process.cpuUsage();
  // The first requests open every kind: exactly from SQLite, a rebuild started for each.
  let at = performance.now();
  const session = sessions.session(sessions.normalise(MIX));
  for (const opened of [session, sessions.session({ tiny: 1 })]) for (const kind of opened.space.kinds) void kind.index.size;
  const firstOpenMs = performance.now() - at;
  const latencies: Rebuild['latencies'] = { list: [], search: [], similar: [] };
  let probe = 0;
  while (probed && sessions.indexProgress().length > 0) {
    const which = (['list', 'search', 'similar'] as const)[probe % 3];
    at = performance.now();
    if (which === 'list') pageRows(db, albumPage(db, { limit: PAGE }).ids);
    else if (which === 'search') pageRows(db, albumPage(db, { search: 'amber', limit: PAGE }).ids);
    else {
      const id = albumIds[probe % albumIds.length];
      const album = session.space.album(id);
      const embedding = session.space.embedAlbum(id);
      if (album && embedding) findSimilar(session.space, { label: album.album, album, embedding }, 12);
    }
    latencies[which].push(performance.now() - at);
    probe++;
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  await sessions.idle();
  const used = process.cpuUsage(cpu);
  return { sessions, wallS: (performance.now() - started) / 1000, cpuS: (used.user + used.system) / 1e6, firstOpenMs, latencies };
}

/**
 * A full rebuild of the three kinds, twice: with nothing asked meanwhile,
 * for the rebuild's own time; then with the app asked something every
 * PROBE_INTERVAL_MS, for the answers' latency. Exact "looks like" answers
 * take the main thread a share of the cores the builds then lack, so that
 * rebuild is slower, and its time is printed too.
 */
async function rebuildFigures(db: Db, indexDir: string): Promise<CoverSessions> {
  const albumIds = db.prepare('SELECT id FROM albums WHERE artwork_id IS NOT NULL ORDER BY random() LIMIT 500').pluck().all() as number[];
  const quiet = await rebuild(db, indexDir, albumIds, false);
  line('full rebuild of 3 kinds in background, nothing asked (wall)', `${quiet.wallS.toFixed(1)} s (CPU, all threads, ${quiet.cpuS.toFixed(0)} s)`);
  line('  first open meanwhile (exact, vectors read from SQLite)', ms(quiet.firstOpenMs));
  quiet.sessions.invalidate();
  const probed = await rebuild(db, indexDir, albumIds, true);
  line(`full rebuild again, asked something every ${PROBE_INTERVAL_MS} ms (wall)`, `${probed.wallS.toFixed(1)} s (CPU, all threads, ${probed.cpuS.toFixed(0)} s)`);
  line('  first open meanwhile (exact, vectors read from SQLite)', ms(probed.firstOpenMs));
  for (const [which, times] of Object.entries(probed.latencies)) line(`  ${which} answered meanwhile (${times.length} probes)`, p50p99(times));
  probed.sessions.invalidate();
  return probed.sessions;
}

function appStartFigures(dbPath: string, indexDir: string, albumId: number): void {
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lib', 'scale-open.ts'), dbPath, indexDir, String(albumId)], {
    encoding: 'utf8',
  });
  const figures = JSON.parse(out.trim().split('\n').pop() as string) as Record<string, number>;
  line('app start: open database (fresh process)', ms(figures.databaseMs));
  line('app start: open 3 indexes (checksums verified before)', ms(figures.indexesMs));
  line('app start: album catalogue (shared by every mix)', ms(figures.catalogMs));
  line('app start: first page', ms(figures.firstPageMs));
  line('app start: first "looks like"', ms(figures.firstSimilarMs));
  line('idle RSS after start, page and one "looks like"', `${figures.idleRssMb.toFixed(0)} MB`);
}

/**
 * Adding and removing an album, rescanning the real folders each time: with
 * the describing pool the scan starts itself (as the app's first scan after
 * its pool idled for WARM_POOL_IDLE_MS), then with one already running, to
 * tell the pool's start-up from the rest.
 */
async function scanFigures(db: Db, roots: string[], addedRoot: string, newAlbumDir: string, indexDir: string, sessions: CoverSessions): Promise<void> {
  await addAndRemove(db, roots, addedRoot, newAlbumDir, indexDir, sessions, undefined);
  const pool = new ArtworkPool({ threads: 1 });
  try {
    await addAndRemove(db, roots, addedRoot, newAlbumDir, indexDir, sessions, pool);
  } finally {
    await pool.close();
  }
}

async function addAndRemove(
  db: Db,
  roots: string[],
  addedRoot: string,
  newAlbumDir: string,
  indexDir: string,
  sessions: CoverSessions,
  pool: ArtworkPool | undefined,
): Promise<void> {
  const scan = () => scanLibrary(db, { roots, describe: true, indexDir, pool });
  const how = pool ? 'pool running' : 'pool started by the scan';
  const target = join(addedRoot, 'new album');
  cpSync(newAlbumDir, target, { recursive: true });
  let started = performance.now();
  const added = await scan();
  const addMs = performance.now() - started;
  const newAlbum = db.prepare("SELECT id, artwork_id AS artworkId FROM albums WHERE folder LIKE ? || '%'").get(target) as
    | { id: number; artworkId: number | null }
    | undefined;
  const described = newAlbum?.artworkId
    ? (db.prepare('SELECT count(*) FROM descriptors WHERE artwork_id = ?').pluck().get(newAlbum.artworkId) as number)
    : 0;
  sessions.invalidate();
  started = performance.now();
  const session = sessions.session(sessions.normalise(MIX));
  const embedding = newAlbum ? session.space.embedAlbum(newAlbum.id) : undefined;
  const own = embedding ? session.space.nearest(embedding, 1)[0]?.album.id === newAlbum?.id : false;
  const findMs = performance.now() - started;
  line(`add one album (${added.filesRead} files read) and rescan, ${how}`, `${ms(addMs)}; ${described} kinds described`);
  line('  then "looks like" of the new album (indexes reopened)', `${ms(findMs)}; finds itself first: ${own}`);
  rmSync(target, { recursive: true, force: true });
  started = performance.now();
  await scan();
  const removeMs = performance.now() - started;
  const gone = newAlbum ? getAlbum(db, newAlbum.id) === null : false;
  line(`remove one album and rescan, ${how}`, `${ms(removeMs)}; album gone: ${gone}`);
  for (const kind of SCAN_KINDS) {
    const record = readRecord(db, kind.name);
    line(`  ${kind.name} index after both: covers changed since its file`, `${CoverIndex.open(db, indexDir, kind).pending}, file built ${record ? new Date(record.builtAt).toISOString() : 'never'}`);
  }
}

/**
 * The app's own path for an album copied into a watched music folder
 * (watch/keep-current.ts with the service's describing pool): the pool's
 * threads start as the first file lands, and the folder is scanned once the
 * copy has settled (quiet for QUIET_MS, its files unchanged one QUIET_MS
 * later). Printed: the copy done → the album in the library, split into the
 * wait and the scan.
 */
async function watchedFigures(db: Db, roots: string[], addedRoot: string, newAlbumDir: string, indexDir: string): Promise<void> {
  const describing = new WarmPool();
  let scanned: ((summary: ScanSummary | null) => void) | undefined;
  const keeper = new KeepCurrent({
    db,
    roots: () => roots,
    scan: { indexDir, describe: true, pool: describing },
    onActivity: () => describing.warm(),
    onScanned: ({ summary }) => scanned?.(summary),
  });
  const change = async (what: string, act: () => void) => {
    const done = new Promise<ScanSummary | null>((resolve) => (scanned = resolve));
    act();
    const started = performance.now();
    const summary = await done;
    const totalMs = performance.now() - started;
    const scanMs = (summary?.seconds ?? NaN) * 1000;
    line(`${what}: done → library current`, `${ms(totalMs)}: waiting for it to settle ${ms(totalMs - scanMs)}, scan ${ms(scanMs)}`);
  };
  try {
    await keeper.start();
    const target = join(addedRoot, 'watched album');
    await change('copy one album into a watched folder, describing pool idle', () => cpSync(newAlbumDir, target, { recursive: true }));
    await change('delete it from the watched folder', () => rmSync(target, { recursive: true, force: true }));
  } finally {
    await keeper.stop();
    await describing.close();
  }
}

function fileFigures(db: Db, indexDir: string): void {
  for (const kind of SCAN_KINDS) {
    const record = readRecord(db, kind.name);
    if (!record) continue;
    line(`index file ${kind.name} (${record.scalar}, ${kind.dim}-d, ${record.count} covers)`, `${(statSync(join(indexDir, record.file)).size / 2 ** 20).toFixed(1)} MB`);
  }
  line('library database (with WAL)', `${((statSync(join(indexDir, 'library.db')).size + walSize(indexDir)) / 2 ** 20).toFixed(0)} MB`);
}

function walSize(dir: string): number {
  try {
    return statSync(join(dir, 'library.db-wal')).size;
  } catch {
    return 0;
  }
}

async function main(): Promise<void> {
  const cache = join(tmpdir(), 'sleeve-bench-scale');
  const real = await makeBenchLibrary(join(cache, `real-${realAlbums}`), { albums: realAlbums, tracksPerAlbum });
  const extra = await makeBenchLibrary(join(cache, 'one-album'), { albums: 1, tracksPerAlbum, seed: 99 });
  const newAlbumDir = join(extra.root, extra.albums[0].dir);
  console.log(`real albums: ${realAlbums} × ${tracksPerAlbum} MP3s with embedded covers at ${real.root}; the rest synthetic`);

  for (const albums of sizes) {
    const work = mkdtempSync(join(tmpdir(), 'sleeve-bench-scale-db-'));
    try {
      const dbPath = join(work, 'library.db');
      const indexDir = indexDirectory(dbPath);
      const addedRoot = join(work, 'added');
      mkdirSync(addedRoot);
      const db = openDatabase(dbPath);
      console.log(`\n# ${albums} albums, ${albums * tracksPerAlbum} tracks (${realAlbums} real, scanned)`);
      let started = performance.now();
      await scanLibrary(db, { roots: [real.root, addedRoot], describe: true, indexDir });
      const scanSeconds = (performance.now() - started) / 1000;
      started = performance.now();
      addSyntheticAlbums(db, { albums: albums - realAlbums, tracksPerAlbum, rootPath: join(work, 'synthetic (not on disk)'), seed: SEED });
      line('setup: scan of the real albums; synthetic rows written', `${scanSeconds.toFixed(1)} s; ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const sessions = await rebuildFigures(db, indexDir);
      const someAlbum = db.prepare('SELECT id FROM albums WHERE artwork_id IS NOT NULL LIMIT 1').pluck().get() as number;
      appStartFigures(dbPath, indexDir, someAlbum);
      listFigures(db);
      searchFigures(db, indexDir);
      similarAndPlaylistFigures(db, sessions, work);
      await scanFigures(db, [real.root, addedRoot], addedRoot, newAlbumDir, indexDir, sessions);
      await watchedFigures(db, [real.root, addedRoot], addedRoot, newAlbumDir, indexDir);
      fileFigures(db, indexDir);
      db.close();
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
}

await main();
