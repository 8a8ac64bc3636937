import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiArgs, ApiMethod, ApiResult } from '../../src/shared/api.js';
import { DEFAULTS } from '../../src/shared/api.js';
import type { ScanState } from '../../src/shared/api-entities.js';
import { openApiService, type ApiService } from '../../src/main/api/service.js';
import { makeDemoLibrary, type DemoLibraryManifest } from '../../src/main/demo/make-demo-library.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/main/store/migrations.js';
import { temporaryFolders } from '../support/temp-dirs.js';

/** The one service, in process, on a real scanned library: what every front end calls. */
const tempDir = temporaryFolders();

class Failed extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

async function call<M extends ApiMethod>(service: ApiService, method: M, args: ApiArgs<M>): Promise<ApiResult<M>> {
  const answer = await service.call(method, args);
  if (!answer.ok) throw new Failed(answer.error.code, answer.error.message);
  return answer.result as ApiResult<M>;
}

async function refusal(service: ApiService, method: ApiMethod, args: unknown): Promise<{ code: string; message: string }> {
  const answer = await service.call(method, args);
  if (answer.ok) throw new Error(`${method} was accepted: ${JSON.stringify(args)}`);
  return answer.error;
}

async function scanToEnd(service: ApiService, args: ApiArgs<'scan.start'> = {}): Promise<ScanState> {
  let state = await call(service, 'scan.start', args);
  while (state.running) {
    await sleep(50);
    state = await call(service, 'scan.progress', {});
  }
  return state;
}

let home: string;
let manifest: DemoLibraryManifest;
let dbPath: string;
let service: ApiService;
let albums: ApiResult<'albums.list'>['items'];

beforeAll(async () => {
  home = tempDir('sleeve-service-');
  manifest = await makeDemoLibrary(join(home, 'music'), { albums: 12 });
  dbPath = join(home, 'library.db');
  // The neural kind's background describing has its own test below; here the defaults stay those of a fresh library.
  service = openApiService({ databasePath: dbPath, mode: 'browser', log: () => {}, backgroundDescribing: false });
  const state = await scanToEnd(service, { roots: [manifest.root] });
  expect(state.error).toBeNull();
  albums = (await call(service, 'albums.list', { limit: 1000 })).items.filter((album) => album.artworkId !== null);
  expect(albums.length).toBeGreaterThan(6);
});
afterAll(async () => {
  await service?.close();
});

describe('playlists.build', () => {
  it('fills in the contract defaults and gives the same tracks for the same random seed', async () => {
    const first = await call(service, 'playlists.build', { albumId: albums[0].id, seed: 11 });
    const again = await call(service, 'playlists.build', { albumId: albums[0].id, seed: 11 });
    expect(first.seed).toBe(11);
    expect(first.tracks.map((track) => track.trackId)).toEqual(again.tracks.map((track) => track.trackId));
    expect(first.mix).toEqual(DEFAULTS.mix);
    expect(first.seeds).toEqual([{ label: `${albums[0].artist}/${albums[0].album}`, albumId: albums[0].id }]);
    const perAlbum = new Map<number, number>();
    for (const track of first.tracks) perAlbum.set(track.albumId, (perAlbum.get(track.albumId) ?? 0) + 1);
    expect(Math.max(...perAlbum.values())).toBeLessThanOrEqual(DEFAULTS.playlist.tracksPerAlbum);
    expect(first.tracks[0].albumId).toBe(albums[0].id);
  });

  it('grows from several seeds named as a person would: an id, "Artist/Album", a track file, an image', async () => {
    const track = (await call(service, 'tracks.list', { albumId: albums[2].id })).items[0];
    const image = join(home, 'seed.png');
    const cover = manifest.albums.find((album) => album.coverPath)?.coverPath as string;
    copyFileSync(join(manifest.root, cover), image);
    const built = await call(service, 'playlists.build', {
      seeds: [albums[1].id, `${albums[3].artist.toUpperCase()}/${albums[3].album}`, track.path, image],
      length: 12,
      seed: 3,
    });
    expect(built.seeds.map((seed) => seed.albumId)).toEqual([albums[1].id, albums[3].id, albums[2].id, null]);
    expect(built.seeds[3].label).toBe(image);
    expect(built.title).toMatch(/^Like /);
    expect(built.tracks.length).toBe(12);
  });

  it('honours minutes, whole albums, no artist cap, seed tracks last and the seed artist left out', async () => {
    const built = await call(service, 'playlists.build', {
      albumId: albums[0].id,
      minutes: 1,
      tracksPerAlbum: 'all',
      perArtist: null,
      seedTracksFirst: false,
      excludeSeedArtist: true,
      seed: 5,
    });
    const seconds = built.tracks.reduce((sum, track) => sum + (track.duration ?? 0), 0);
    expect(seconds).toBeGreaterThanOrEqual(50);
    expect(built.tracks.every((track) => track.artist !== albums[0].artist)).toBe(true);
    // Whole albums: every album in the playlist comes with all its tracks (the last may be cut to the running time).
    for (const album of built.albums.slice(0, -1)) {
      const all = (await call(service, 'tracks.list', { albumId: album.id })).items.length;
      expect(built.tracks.filter((track) => track.albumId === album.id)).toHaveLength(all);
    }
  });

  it('refuses what the contract does not allow, with a sentence', async () => {
    expect(await refusal(service, 'playlists.build', { albumId: albums[0].id, seeds: [albums[1].id] })).toMatchObject({ code: 'bad_request', message: /either albumId or seeds/ });
    expect(await refusal(service, 'playlists.build', { albumId: albums[0].id, length: 10, minutes: 10 })).toMatchObject({ code: 'bad_request', message: /tracks or in minutes, not both/ });
    expect(await refusal(service, 'playlists.build', { seeds: ['Nobody/Nothing'] })).toMatchObject({ code: 'not_found', message: /No album matches "Nobody\/Nothing"/ });
    expect(await refusal(service, 'playlists.build', { seeds: ['relative/cover.png'] })).toMatchObject({ code: 'not_found' });
    expect(await refusal(service, 'playlists.build', { albumId: albums[0].id, mix: { learned: 1 } })).toMatchObject({ code: 'unavailable', message: /no learned kind yet/ });
  });
});

describe('playlists.journey and albums.similar', () => {
  it('a journey named by album names starts at one and ends at the other, the same for the same seed', async () => {
    const from = albums[0];
    const to = albums[albums.length - 1];
    const args = { from: `${from.artist}/${from.album}`, to: `${to.artist}/${to.album}`, length: 6, seed: 8 };
    const journey = await call(service, 'playlists.journey', args);
    expect(journey.albums[0].id).toBe(from.id);
    expect(journey.albums.at(-1)?.id).toBe(to.id);
    expect(journey.seeds.map((seed) => seed.albumId)).toEqual([from.id, to.id]);
    expect((await call(service, 'playlists.journey', args)).tracks).toEqual(journey.tracks);
  });

  it('similar covers by id or by image, best first, the album itself left out', async () => {
    const byId = await call(service, 'albums.similar', { id: albums[0].id });
    expect(byId.length).toBe(Math.min(DEFAULTS.similar.limit, albums.length - 1));
    expect(byId.some((hit) => hit.album.id === albums[0].id)).toBe(false);
    expect(byId.map((hit) => hit.similarity)).toEqual([...byId.map((hit) => hit.similarity)].sort((a, b) => b - a));
    const cover = manifest.albums.find((album) => album.coverPath) as DemoLibraryManifest['albums'][number];
    const byImage = await call(service, 'albums.similar', { seed: join(manifest.root, cover.coverPath as string), limit: 1 });
    expect(byImage[0].similarity).toBeCloseTo(1, 4);
    expect(byImage[0].album.album).toBe(cover.title);
  });
});

describe('playlists.export', () => {
  let trackIds: number[];
  beforeAll(async () => {
    trackIds = (await call(service, 'playlists.build', { albumId: albums[1].id, length: 5, seed: 1 })).tracks.map((track) => track.trackId);
  });

  it('writes the format its name says, entries resolving to the library files, and never over a file unless asked', async () => {
    const target = join(home, 'out', 'mix.xspf');
    expect(await refusal(service, 'playlists.export', { trackIds, path: target })).toMatchObject({ code: 'not_found', message: /folder .*out does not exist/ });
    const folder = dirname(target);
    mkdirSync(folder);
    const written = await call(service, 'playlists.export', { trackIds, path: target });
    expect(written).toMatchObject({ path: target, format: 'xspf', entries: 5 });
    expect(readFileSync(target, 'utf8')).toContain('<playlist');
    const conflict = await refusal(service, 'playlists.export', { trackIds, path: target });
    expect(conflict).toMatchObject({ code: 'conflict', message: /A file already exists at/ });
    expect(conflict.message).not.toMatch(/--force/);
    writeFileSync(target, 'mine');
    await call(service, 'playlists.export', { trackIds, path: target, overwrite: true });
    expect(readFileSync(target, 'utf8')).toContain('<playlist');

    const m3u = await call(service, 'playlists.export', { trackIds, path: join(folder, 'plain') });
    expect(m3u.path).toBe(join(folder, 'plain.m3u8'));
    const entries = readFileSync(m3u.path, 'utf8').split('\n').filter((line) => line && !line.startsWith('#'));
    expect(entries).toHaveLength(5);
    expect(entries.every((entry) => existsSync(resolve(folder, entry)))).toBe(true);
  });

  it('refuses paths that are not absolute on this platform, NUL bytes and a format its name contradicts', async () => {
    for (const path of ['mix.m3u8', 'C:\\Music\\mix.m3u8', '\\\\server\\share\\mix.m3u8', 'C:/..']) {
      expect(await refusal(service, 'playlists.export', { trackIds, path })).toMatchObject({ code: 'bad_request', message: /must be absolute/ });
    }
    expect(await refusal(service, 'playlists.export', { trackIds, path: join(home, 'a\0b.m3u8') })).toMatchObject({ code: 'bad_request', message: /NUL/ });
    expect(await refusal(service, 'playlists.export', { trackIds, path: join(home, 'x.m3u'), format: 'xspf' })).toMatchObject({ code: 'bad_request', message: /ends in \.m3u but the format chosen is XSPF/ });
    expect(await refusal(service, 'playlists.export', { trackIds: [987654], path: join(home, 'x.m3u8') })).toMatchObject({ code: 'not_found' });
  });
});

describe('roots and scans', () => {
  it('refuses a folder that does not exist without adding anything, even among good ones', async () => {
    const before = await call(service, 'library.roots.list', {});
    const elsewhere = tempDir('sleeve-elsewhere-');
    expect(await refusal(service, 'scan.start', { roots: [elsewhere, join(elsewhere, '..', 'typo')] })).toMatchObject({ code: 'not_found', message: /There is no folder at .*typo/ });
    expect(await refusal(service, 'library.roots.add', { path: 'C:/..' })).toMatchObject({ code: 'bad_request' });
    expect(await call(service, 'library.roots.list', {})).toEqual(before);
  });

  it('cancels a running scan, keeping what was read', async () => {
    const other = await makeDemoLibrary(join(home, 'more'), { albums: 6, seed: 99 });
    const started = await call(service, 'scan.start', { roots: [other.root] });
    expect(started.running).toBe(true);
    await call(service, 'scan.cancel', {});
    let state = started;
    while (state.running) {
      await sleep(20);
      state = await call(service, 'scan.progress', {});
    }
    expect(state.summary?.cancelled).toBe(true);
    // The next scan goes on from there and finishes.
    const finished = await scanToEnd(service);
    expect(finished.summary?.cancelled).toBe(false);
    expect((await call(service, 'library.status', {})).albums).toBe(albums.length + other.albums.length + manifest.albums.filter((album) => album.cover === 'none').length);
  });

  it('after a scan, similar answers include the new albums; removing a folder removes exactly its albums', async () => {
    const roots = await call(service, 'library.roots.list', {});
    expect(roots).toHaveLength(2);
    const more = roots.find((root) => root.path.endsWith('more')) as { path: string };
    const status = await call(service, 'library.status', {});
    const similar = await call(service, 'albums.similar', { id: albums[0].id, limit: 100 });
    expect(similar.length).toBe(status.albums - 1 - manifest.albums.filter((album) => album.cover === 'none').length);
    await call(service, 'library.roots.remove', { path: more.path });
    const after = await call(service, 'library.status', {});
    expect(after.rootPaths).toEqual([manifest.root]);
    expect(after.tracks).toBe(manifest.tracks.length);
    expect((await call(service, 'albums.similar', { id: albums[0].id, limit: 100 })).length).toBe(albums.length - 1);
  });
});

describe('a library from every earlier schema version', () => {
  /** The library as an earlier version left it: its migrations only, and every row the current one has in the columns that version had. */
  function libraryAtVersion(version: number, from: string, to: string): void {
    const old = new Database(to);
    for (const migration of MIGRATIONS.filter((m) => m.version <= version)) {
      old.transaction(() => {
        migration.up(old);
        old.pragma(`user_version = ${migration.version}`);
      })();
    }
    old.exec(`ATTACH DATABASE '${from.replaceAll("'", "''")}' AS current`);
    old.pragma('foreign_keys = OFF');
    // Ordinary tables only: full-text indexes fill their own shadow tables.
    const tables = (old.prepare('PRAGMA main.table_list').all() as { name: string; type: string }[])
      .filter((table) => table.type === 'table' && !table.name.startsWith('sqlite_'))
      .map((table) => table.name);
    for (const table of tables) {
      const oldColumns = (old.prepare(`PRAGMA main.table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
      const currentColumns = new Set((old.prepare(`PRAGMA current.table_info(${table})`).all() as { name: string }[]).map((c) => c.name));
      const shared = oldColumns.filter((name) => currentColumns.has(name));
      if (shared.length === 0) continue;
      const list = shared.map((name) => `"${name}"`).join(', ');
      old.exec(`INSERT OR REPLACE INTO main.${table} (${list}) SELECT ${list} FROM current.${table}`);
    }
    old.exec('DETACH DATABASE current');
    old.close();
  }

  it.each(MIGRATIONS.filter((m) => m.version < SCHEMA_VERSION).map((m) => m.version))('upgrades version %i with its data, then answers as before', async (version) => {
    const snapshot = join(tempDir('sleeve-snapshot-'), 'current.db');
    const db = new Database(dbPath, { readonly: true });
    await db.backup(snapshot);
    db.close();
    const oldPath = join(tempDir(`sleeve-v${version}-`), 'library.db');
    libraryAtVersion(version, snapshot, oldPath);

    const before = await call(service, 'library.status', {});
    const upgraded = openApiService({ databasePath: oldPath, mode: 'cli', log: () => {}, backgroundDescribing: false });
    try {
      const status = await call(upgraded, 'library.status', {});
      expect([status.tracks, status.albums, status.artworks]).toEqual([before.tracks, before.albums, before.artworks]);
      expect(status.rootPaths).toEqual(before.rootPaths);
      const playlist = await call(upgraded, 'playlists.build', { albumId: albums[0].id, seed: 11 });
      const original = await call(service, 'playlists.build', { albumId: albums[0].id, seed: 11 });
      expect(playlist.tracks.map((track) => track.trackId)).toEqual(original.tracks.map((track) => track.trackId));
    } finally {
      await upgraded.close();
    }
    const reopened = new Database(oldPath, { readonly: true });
    expect(reopened.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });
});

describe('the neural kind after a scan', () => {
  it('is described in the background ("refining"), then becomes the default for looks-like and playlists', async () => {
    const small = await makeDemoLibrary(join(tempDir('sleeve-neural-music-'), 'music'), { albums: 4, seed: 7 });
    const library = openApiService({ databasePath: join(tempDir('sleeve-neural-'), 'library.db'), mode: 'browser', log: () => {} });
    try {
      const scanned = await scanToEnd(library, { roots: [small.root] });
      expect(scanned.summary?.cancelled).toBe(false);
      const right = await call(library, 'library.status', {});
      // The scan's own kinds are usable at once, while the neural network works.
      expect(right.refining).toMatchObject({ kind: 'neural', running: true });
      const meanwhile = await call(library, 'playlists.build', { albumId: (await call(library, 'albums.list', {})).items[0].id, seed: 1 });
      expect(meanwhile.mix).toEqual(DEFAULTS.mix);
      let status = right;
      for (let waited = 0; status.refining && waited < 600; waited++) {
        await sleep(100);
        status = await call(library, 'library.status', {});
      }
      expect(status.refining).toBeNull();
      expect(status.descriptors.find((d) => d.kind === 'neural')?.count).toBe(status.artworks);
      const album = (await call(library, 'albums.list', {})).items.find((item) => item.artworkId !== null) as { id: number };
      expect((await call(library, 'playlists.build', { albumId: album.id, seed: 1 })).mix).toEqual({ neural: 1 });
      expect((await call(library, 'settings.get', {})).descriptorWeights).toEqual({ neural: 1 });
      // A mix the person chose stays theirs.
      await call(library, 'settings.set', { descriptorWeights: { gist: 1 } });
      expect((await call(library, 'playlists.build', { albumId: album.id, seed: 1 })).mix).toEqual({ gist: 1 });
    } finally {
      await library.close();
    }
  });
});
