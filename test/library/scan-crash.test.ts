import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { getKind } from '../../src/main/artwork/kinds.js';
import { CoverIndex } from '../../src/main/index/cover-index.js';
import { MIGRATIONS } from '../../src/main/store/migrations.js';
import { temporaryFolders } from '../support/temp-dirs.js';
import { changeBulkLibrary, makeBulkLibrary } from './crash-library.js';
import { startScan, type ScanProcessOptions, type ScanRun } from './sleeve-process.js';

/**
 * Crash consistency: a real `sleeve scan` process (sleeve-process.ts) is
 * killed with SIGKILL at a named point (SLEEVE_FAULT_AT: the scan's own in
 * src/main/library/scan-fault.ts, others in crash-hooks.mjs), then scanned
 * again; the library must then be the one a single uninterrupted scan gives
 * (tracks, albums, cover choices, covers, descriptors, errors, index
 * answers) and pass PRAGMA integrity_check.
 * Points cover walking, tag reading, new covers, batch commits, describing,
 * index building and writing, a rescan of a changed library and a schema
 * migration; they run a few processes at a time.
 */

const manifest = inject('testLibrary');
const tempDir = temporaryFolders();
/** Scan processes at once (each with one decoding thread). */
const PARALLEL = 3;
const KINDS = (['tiny', 'gist', 'color'] as const).map((name) => getKind(name));
const CASE_TIMEOUT_MS = 240_000;

const slot = semaphore(PARALLEL);

function sleeveScan(dbPath: string, roots: readonly string[], options: ScanProcessOptions = {}): Promise<ScanRun> {
  return slot(() => startScan(dbPath, roots, options).done);
}

async function cleanScan(dir: string, roots: readonly string[], describe = true): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const run = await sleeveScan(join(dir, 'library.db'), roots, { describe });
  expect(run.code, run.stderr).toBe(0);
  return dir;
}

const sha = (bytes: Uint8Array | null) => (bytes ? createHash('sha256').update(bytes).digest('hex') : null);

/**
 * Everything a user can see of the library, by content rather than row ids
 * (a resumed scan may number rows differently). An artwork's origin (which
 * of the files carrying it was read first) depends on timing and is left out.
 */
function snapshot(dir: string) {
  const db = new Database(join(dir, 'library.db'));
  try {
    const all = (sql: string) => db.prepare(sql).all();
    const integrity = db.pragma('integrity_check', { simple: true });
    const foreignKeys = db.pragma('foreign_key_check');
    const tables = {
      roots: all('SELECT path FROM roots ORDER BY path'),
      tracks: all(`
        SELECT hex(t.path_raw) AS path, t.size, t.mtime_ms, t.title, t.artist, t.album_artist, t.album, t.track_no, t.disc_no,
          t.year, t.genre, t.duration, t.container, t.codec, t.compilation, w.sha256 AS artwork, t.artwork_source, al.key AS album_key
        FROM tracks t LEFT JOIN artworks w ON w.id = t.artwork_id LEFT JOIN albums al ON al.id = t.album_id
        ORDER BY t.path_raw`),
      albums: all(`
        SELECT al.key, al.artist, al.album, al.compilation, al.year, al.genre, al.folder, w.sha256 AS cover, al.cover_source,
          (SELECT count(*) FROM tracks t WHERE t.album_id = al.id) AS tracks
        FROM albums al LEFT JOIN artworks w ON w.id = al.artwork_id ORDER BY al.key`),
      artworks: (all('SELECT sha256, format, width, height, bytes, thumbnail, thumbnail_format FROM artworks ORDER BY sha256') as {
        thumbnail: Buffer | null;
      }[]).map((a) => ({ ...a, thumbnail: sha(a.thumbnail) })),
      descriptors: (all(`
        SELECT w.sha256, d.kind, d.version, d.vector FROM descriptors d JOIN artworks w ON w.id = d.artwork_id
        ORDER BY w.sha256, d.kind`) as { sha256: string; kind: string; version: number; vector: Buffer }[]).map((d) => ({ ...d, vector: sha(d.vector) })),
      errors: all('SELECT hex(path_raw) AS path, reason, size, mtime_ms FROM errors ORDER BY path_raw, reason'),
      coverPreference: all("SELECT value FROM settings WHERE key = 'coverPreferenceApplied'"),
      indexes: all(`SELECT kind, count, dim, version FROM ann_indexes WHERE kind IN ('tiny', 'gist', 'color') ORDER BY kind`),
      scanLock: all('SELECT pid FROM scan_lock'),
    };
    return { integrity, foreignKeys, tables, answers: indexAnswers(db, dir), leftovers: readdirSync(dir).filter((name) => name.endsWith('.tmp')) };
  } finally {
    db.close();
  }
}

/**
 * Each cover's five nearest covers per kind, answered from the index files
 * on disk (searching the graph even for a small library), with the reasons
 * a file could not be trusted as it was. Scores are kept apart from the
 * ranking: two builds of a graph may differ in the last bits of a score.
 */
function indexAnswers(db: Database.Database, dir: string) {
  const shaOf = new Map((db.prepare('SELECT id, sha256 FROM artworks').all() as { id: number; sha256: string }[]).map((a) => [a.id, a.sha256]));
  const answers: Record<string, { rebuilt: string[]; near: Record<string, string[]>; scores: Record<string, number[]> }> = {};
  for (const kind of KINDS) {
    const rebuilt: string[] = [];
    const index = CoverIndex.open(db, dir, kind, (message) => rebuilt.push(message), { exactFloats: 0 });
    const rows = db.prepare('SELECT artwork_id AS id, vector FROM descriptors WHERE kind = ? AND version = ?').all(kind.name, kind.version) as {
      id: number;
      vector: Buffer;
    }[];
    const near: Record<string, string[]> = {};
    const scores: Record<string, number[]> = {};
    for (const { id, vector } of rows) {
      const query = new Float32Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
      const hits = index.search(query, 5, new Set([id]));
      near[shaOf.get(id) as string] = hits.map((h) => shaOf.get(h.id) as string);
      scores[shaOf.get(id) as string] = hits.map((h) => h.score);
    }
    index.close();
    answers[kind.name] = { rebuilt, near, scores };
  }
  return answers;
}

type Snapshot = ReturnType<typeof snapshot>;

function expectSameLibrary(actual: Snapshot, expected: Snapshot, label: string): void {
  expect(actual.integrity, `${label}: integrity_check`).toBe('ok');
  expect(actual.foreignKeys, `${label}: foreign_key_check`).toEqual([]);
  expect(actual.leftovers, `${label}: temporary index files left`).toEqual([]);
  for (const table of Object.keys(expected.tables) as (keyof Snapshot['tables'])[]) {
    expect(actual.tables[table], `${label}: ${table}`).toEqual(expected.tables[table]);
  }
  for (const kind of KINDS) {
    const got = actual.answers[kind.name];
    const want = expected.answers[kind.name];
    expect(got.rebuilt, `${label}: ${kind.name} index rebuilt when opened`).toEqual([]);
    expect(got.near, `${label}: covers similar by ${kind.name}`).toEqual(want.near);
    for (const [cover, scores] of Object.entries(want.scores)) {
      scores.forEach((score, i) => expect(got.scores[cover][i], `${label}: ${kind.name} score`).toBeCloseTo(score, 3));
    }
  }
}

/**
 * A copy of a library database as schema version 3 left it, data included:
 * the tables of migrations 1–3 filled from the newer database's rows.
 */
function downgradeToVersion3(from: string, to: string): void {
  const db = new Database(to);
  try {
    db.pragma('journal_mode = WAL');
    for (const m of MIGRATIONS.filter((m) => m.version <= 3)) {
      db.transaction(() => {
        m.up(db);
        db.pragma(`user_version = ${m.version}`);
      })();
    }
    db.prepare('ATTACH DATABASE ? AS newer').run(from);
    const tables = db.prepare("SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
    db.transaction(() => {
      for (const table of tables) {
        const columns = (db.pragma(`main.table_info(${table})`) as { name: string }[]).map((c) => `"${c.name}"`).join(', ');
        db.exec(`INSERT INTO main."${table}" (${columns}) SELECT ${columns} FROM newer."${table}"`);
      }
    })();
    db.exec('DETACH DATABASE newer');
  } finally {
    db.close();
  }
}

interface Scenario {
  /** The library folders scanned. */
  readonly roots: readonly string[];
  /** A folder holding the database (and index files) to start from; none: a new library. */
  readonly start: string | null;
  /** The folder of the uninterrupted scan's library to compare with. */
  readonly expected: string;
}

/** Where each scenario's kill points are chosen, with the number of the passage at which to kill. */
const KILL_POINTS: Record<'fresh' | 'describe' | 'rescan' | 'upgrade', readonly string[]> = {
  // A new library: 516 audio files in two roots, so three batches (200 files each).
  fresh: [
    'walked:1', 'walked:2', 'planned:1', 'examined:1', 'examined:260', 'examined:500', 'artwork:1', 'artwork:30',
    'batch:1', 'batch:2', 'read:1', 'indexing:1', 'index-rename:1', 'index-renamed:1',
  ],
  // A library scanned without descriptors: the covers are described after reading.
  describe: ['described:1', 'described:15', 'described:38'],
  // A library changed since its last scan (albums retagged, deleted, recovered, added, touched).
  rescan: ['planned:1', 'examined:5', 'artwork:1', 'batch:1'],
  // A library of schema version 3 being upgraded.
  upgrade: ['migration:1'],
};

describe('a scan killed at any moment, then run again', () => {
  const scenarios = new Map<keyof typeof KILL_POINTS, Scenario>();
  const expected = new Map<string, Snapshot>();

  beforeAll(async () => {
    const work = tempDir('sleeve-crash-');
    const bulk = join(work, 'Bulk');
    await makeBulkLibrary(bulk);
    const changed = [join(work, 'Changed', 'Test Library'), join(work, 'Changed', 'Bulk')];
    cpSync(manifest.root, changed[0], { recursive: true });
    cpSync(bulk, changed[1], { recursive: true });
    const roots = [manifest.root, bulk];

    const [clean, undescribed, beforeChange] = await Promise.all([
      cleanScan(join(work, 'clean'), roots),
      cleanScan(join(work, 'undescribed'), roots, false),
      cleanScan(join(work, 'before-change'), changed),
    ]);
    await changeBulkLibrary(changed[1]);
    const cleanAfterChange = await cleanScan(join(work, 'clean-after-change'), changed);
    const version3 = join(work, 'version-3');
    mkdirSync(version3);
    downgradeToVersion3(join(clean, 'library.db'), join(version3, 'library.db'));
    for (const name of readdirSync(clean).filter((n) => n.startsWith('index-'))) cpSync(join(clean, name), join(version3, name));

    scenarios.set('fresh', { roots, start: null, expected: clean });
    scenarios.set('describe', { roots, start: undescribed, expected: clean });
    scenarios.set('rescan', { roots: changed, start: beforeChange, expected: cleanAfterChange });
    scenarios.set('upgrade', { roots, start: version3, expected: clean });
    expected.set(clean, snapshot(clean));
    expected.set(cleanAfterChange, snapshot(cleanAfterChange));
  }, 300_000);

  it('compares like with like: the clean scans are whole, and the changes show', () => {
    const clean = expected.get(scenarios.get('fresh')?.expected as string) as Snapshot;
    const changed = expected.get(scenarios.get('rescan')?.expected as string) as Snapshot;
    expect(clean.tables.tracks.length).toBe(manifest.tracks.length + 450);
    for (const kind of KINDS) {
      const described = clean.tables.descriptors.filter((d) => d.kind === kind.name);
      expect(described.length, kind.name).toBe(clean.tables.artworks.length);
    }
    expect(clean.tables.albums.filter((a) => (a as { cover: string | null }).cover !== null).length).toBeGreaterThan(20);
    for (const kind of KINDS) expect(clean.answers[kind.name].rebuilt).toEqual([]);
    expect(changed.tables.albums).not.toEqual(clean.tables.albums);
  });

  for (const [name, points] of Object.entries(KILL_POINTS) as [keyof typeof KILL_POINTS, readonly string[]][]) {
    for (const faultAt of points) {
      it.concurrent(`${name}: killed at ${faultAt}, the next scan gives the clean scan's library`, async () => {
        const scenario = scenarios.get(name) as Scenario;
        const dir = tempDir(`sleeve-crash-${name}-`);
        if (scenario.start) cpSync(scenario.start, dir, { recursive: true });
        const dbPath = join(dir, 'library.db');
        const killed = await sleeveScan(dbPath, scenario.roots, { faultAt });
        expect(killed.signal, `the scan did not reach ${faultAt}: ${killed.stderr}`).toBe('SIGKILL');
        const resumed = await sleeveScan(dbPath, scenario.roots);
        expect(resumed.code, resumed.stderr).toBe(0);
        expectSameLibrary(snapshot(dir), expected.get(scenario.expected) as Snapshot, `${name} ${faultAt}`);
      }, CASE_TIMEOUT_MS);
    }
  }
});

/** At most `n` of the returned function's tasks run at once. */
function semaphore(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (active < n) active++;
    else await new Promise<void>((go) => waiting.push(go));
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}
