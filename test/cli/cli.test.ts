import { execFile, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeBenchLibrary } from '../../bench/lib/make-bench-library.js';
import { SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { temporaryFolders } from '../support/temp-dirs.js';

const run = promisify(execFile);
const SLEEVE = resolve('bin/sleeve.js');
const manifest = inject('testLibrary');
const tempDir = temporaryFolders();

beforeAll(() => {
  if (!existsSync(resolve('dist/main/cli/main.js'))) throw new Error('the core is not built: run `npm run build` (npm test does it first)');
});

async function sleeve(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SLEEVE, ...args], { env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('sleeve on the command line', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tempDir('sleeve-cli-'), 'library.db');
  });

  it('scans and prints a JSON summary, then lists albums, tracks, errors and status as JSON', async () => {
    const scan = await sleeve(['scan', manifest.root, '--json', '--db', db]);
    expect(scan.code).toBe(0);
    const summary = JSON.parse(scan.stdout);
    expect(summary).toMatchObject({ tracks: manifest.tracks.length, albums: manifest.albums.length });
    expect(typeof summary.artworks).toBe('number');
    expect(typeof summary.errors).toBe('number');
    expect(typeof summary.seconds).toBe('number');

    const albums = JSON.parse((await sleeve(['albums', '--json', '--db', db])).stdout);
    expect(albums).toHaveLength(manifest.albums.length);
    for (const a of albums) {
      expect(a).toEqual(expect.objectContaining({ id: expect.any(Number), artist: expect.any(String), album: expect.any(String), tracks: expect.any(Number) }));
      if (a.cover) expect(a.cover).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), source: expect.stringMatching(/^(embedded|folder)$/), format: expect.any(String), width: expect.any(Number), height: expect.any(Number) });
    }

    const tracks = JSON.parse((await sleeve(['tracks', '--json'], { SLEEVE_DB: db })).stdout);
    expect(tracks).toHaveLength(manifest.tracks.length);
    for (const t of tracks) {
      expect(Object.keys(t)).toEqual(expect.arrayContaining(['path', 'albumId', 'title', 'artist', 'album', 'duration', 'artwork']));
    }
    const expected = new Map(manifest.tracks.map((t) => [join(manifest.root, t.path), t.cover?.sha256 ?? null]));
    for (const t of tracks) expect(t.artwork, t.path).toBe(expected.get(t.path));

    const errors = JSON.parse((await sleeve(['errors', '--json', '--db', db])).stdout);
    expect(errors.length).toBe(summary.errors);
    for (const e of errors) expect(Object.keys(e).sort()).toEqual(['path', 'reason']);

    const status = JSON.parse((await sleeve(['status', '--json', '--db', db])).stdout);
    expect(status).toMatchObject({ database: db, tracks: manifest.tracks.length, roots: [manifest.root] });
  });

  it('keeps its database under XDG_DATA_HOME by default, and never creates one just to look', async () => {
    const data = tempDir('sleeve-xdg-');
    const env = { XDG_DATA_HOME: data, SLEEVE_DB: '' };
    const missing = await sleeve(['status', '--json'], env);
    expect(missing.code).toBe(4);
    expect(missing.stderr).toMatch(/^sleeve: There is no library at .*library\.db yet: scan a music folder first\. \(run `sleeve scan FOLDER` first/);
    expect(existsSync(join(data, 'sleeve', 'library.db'))).toBe(false);
    expect((await sleeve(['scan', tempDir('sleeve-empty-music-'), '--json'], env)).code).toBe(0);
    const status = JSON.parse((await sleeve(['status', '--json'], env)).stdout);
    expect(status.database).toBe(join(data, 'sleeve', 'library.db'));
    expect(existsSync(join(data, 'sleeve', 'library.db'))).toBe(true);
  });

  it('refuses a database written by a newer Sleeve with a clear message', async () => {
    const path = join(tempDir('sleeve-newer-'), 'library.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    const result = await sleeve(['status', '--db', path]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/newer version of Sleeve/);
  });

  it('answers an unknown command or option with a message, not a stack trace', async () => {
    const unknown = await sleeve(['scna']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "scna"/);
    const option = await sleeve(['albums', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^sleeve: .*--colour/);
    expect(option.stderr).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('a scan killed mid-way', () => {
  it('leaves a consistent database, and the next scan resumes without redoing finished files', async () => {
    const library = await makeBenchLibrary(join(tempDir('sleeve-kill-lib-'), 'Music'), { albums: 80, tracksPerAlbum: 10 });
    const db = join(tempDir('sleeve-kill-db-'), 'library.db');
    const child = spawn(process.execPath, [SLEEVE, 'scan', library.root, '--json', '--no-describe', '--db', db], { stdio: 'ignore' });
    let committed = 0;
    while (committed === 0) {
      await new Promise((r) => setTimeout(r, 25));
      if (!existsSync(db)) continue;
      try {
        const peek = new Database(db, { readonly: true });
        committed = peek.prepare('SELECT count(*) FROM tracks').pluck().get() as number;
        peek.close();
      } catch {
        // The database is being created: look again.
      }
      if (child.exitCode !== null) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    expect(committed).toBeGreaterThan(0);

    const check = new Database(db);
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(check.pragma('foreign_key_check')).toEqual([]);
    const kept = check.prepare('SELECT count(*) FROM tracks').pluck().get() as number;
    check.close();
    expect(kept).toBeLessThan(800);

    const resumed = await sleeve(['scan', library.root, '--json', '--db', db]);
    expect(resumed.code).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    expect(summary.tracks).toBe(800);
    expect(summary.albums).toBe(80);
    expect(summary.artworks).toBe(80);
    expect(summary.filesRead).toBe(800 - kept);
  });
});

/**
 * Permission errors need a user the permissions apply to: as root, sleeve runs
 * as "nobody", which must be able to reach the repository (a checkout under a
 * private home folder is not), else these tests cannot run here.
 */
const canMeetPermissions =
  process.getuid?.() !== 0 || spawnSync(process.execPath, [SLEEVE, '--version'], { uid: 65534, gid: 65534 }).status === 0;

/** Runs sleeve as "nobody" when the tests run as root (root writes and reads everything). */
function sleeveAsUser(args: string[], home: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const asNobody = process.getuid?.() === 0;
  return new Promise((done) => {
    const child = spawn(process.execPath, [SLEEVE, ...args], {
      uid: asNobody ? 65534 : undefined,
      gid: asNobody ? 65534 : undefined,
      env: { ...process.env, HOME: home },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function userHome(base: string): string {
  const home = join(base, 'home');
  mkdirSync(home);
  if (process.getuid?.() === 0) chownSync(home, 65534, 65534);
  return home;
}

describe('a playlist into a folder Sleeve may not write', () => {
  it.runIf(canMeetPermissions)('is refused with a message and leaves no file', async () => {
    const base = tempDir('sleeve-ro-');
    chmodSync(base, 0o755);
    const home = userHome(base);
    const db = join(home, 'library.db');
    const scanned = await sleeveAsUser(['scan', manifest.root, '--json', '--db', db], home);
    expect(scanned.code).toBe(0);
    const album = manifest.albums.find((a) => a.id === 'format-mp3') ?? manifest.albums[0];
    const readOnly = join(base, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const result = await sleeveAsUser(['playlist', '--seed', `${album.artist}/${album.title}`, '--length', '5', '--out', join(readOnly, 'mix.m3u8'), '--db', db], home);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^sleeve: .*cannot write/im);
    expect(readdirSync(readOnly)).toEqual([]);
  });
});

describe('a folder Sleeve may not read', () => {
  it.runIf(canMeetPermissions)('is recorded as an error while the rest is scanned', async () => {
    const base = tempDir('sleeve-perm-');
    chmodSync(base, 0o755);
    const music = join(base, 'Music');
    const first = manifest.albums.find((a) => a.id === 'format-mp3') ?? manifest.albums[0];
    cpSync(join(manifest.root, first.dir), join(music, 'Open'), { recursive: true });
    mkdirSync(join(music, 'Locked'));
    writeFileSync(join(music, 'Locked', 'secret.mp3'), 'x');
    chmodSync(join(music, 'Locked'), 0o000);
    const home = userHome(base);
    const db = join(home, 'library.db');
    const result = await sleeveAsUser(['scan', music, '--json', '--db', db], home);
    chmodSync(join(music, 'Locked'), 0o755);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).tracks).toBe(first.trackPaths.length);
    const errors = JSON.parse((await sleeve(['errors', '--json', '--db', db])).stdout);
    expect(errors).toContainEqual({ path: join(music, 'Locked'), reason: 'folder cannot be read: permission denied' });
  });
});
